{#- A quoted HCL string: JSON escapes from dump, "${" and "%{" escaped as HCL
    templates need, and backspace and form feed (JSON's \b and \f, which HCL
    lacks) as spaces. -#}
{%- macro hcl(s) -%}${{ (s or "") | string | replace(r/[\b\f]/g, " ") | replace("${", "$${") | replace("%{", "%%{") | dump }}{%- endmacro -%}
# The load balancer: in the public subnets when internet-facing, otherwise in
# the private ones; HTTPS only, HTTP redirected.
resource "aws_security_group" "lb" {
  name        = "${local.name}-lb"
  description = "HTTPS to the ${local.name} load balancer"
  vpc_id      = local.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "lb_https" {
  security_group_id = aws_security_group.lb.id
  cidr_ipv4         = local.internet_facing ? "0.0.0.0/0" : local.vpc_cidr
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "lb_http" {
  security_group_id = aws_security_group.lb.id
  cidr_ipv4         = local.internet_facing ? "0.0.0.0/0" : local.vpc_cidr
  from_port         = 80
  to_port           = 80
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_egress_rule" "lb_to_service" {
  security_group_id            = aws_security_group.lb.id
  referenced_security_group_id = aws_security_group.service.id
  from_port                    = local.container_port
  to_port                      = local.container_port
  ip_protocol                  = "tcp"
}

# The tasks take traffic from the load balancer only, and call out on HTTPS
# only (image pulls, AWS APIs).
resource "aws_security_group" "service" {
  name        = "${local.name}-service"
  description = "${local.name} tasks"
  vpc_id      = local.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "service_from_lb" {
  security_group_id            = aws_security_group.service.id
  referenced_security_group_id = aws_security_group.lb.id
  from_port                    = local.container_port
  to_port                      = local.container_port
  ip_protocol                  = "tcp"
}

resource "aws_vpc_security_group_egress_rule" "service_https" {
  security_group_id = aws_security_group.service.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}

resource "aws_lb" "service" {
  name                       = local.name
  load_balancer_type         = "application"
  internal                   = !local.internet_facing
  subnets                    = local.internet_facing ? local.public_subnet_ids : local.private_subnet_ids
  security_groups            = [aws_security_group.lb.id]
  drop_invalid_header_fields = true
  enable_deletion_protection = ${{ "true" if values.environment == "prod" else "false" }}
}

resource "aws_lb_target_group" "service" {
  name        = local.name
  port        = local.container_port
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = local.vpc_id
  health_check {
    path    = "/"
    matcher = "200-399"
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.service.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.service.arn
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.service.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

# AWS's managed rule groups in front of the load balancer.
resource "aws_wafv2_web_acl" "service" {
  name  = local.name
  scope = "REGIONAL"
  default_action {
    allow {}
  }

  rule {
    name     = "common"
    priority = 1
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesCommonRuleSet"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name}-common"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "known-bad-inputs"
    priority = 2
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name}-known-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = local.name
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl_association" "service" {
  resource_arn = aws_lb.service.arn
  web_acl_arn  = aws_wafv2_web_acl.service.arn
}

output "load_balancer_dns_name" {
  value = aws_lb.service.dns_name
}
