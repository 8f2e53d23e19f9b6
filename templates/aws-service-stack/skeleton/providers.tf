{#- A quoted HCL string: JSON escapes from dump, "${" and "%{" escaped as HCL
    templates need, and backspace and form feed (JSON's \b and \f, which HCL
    lacks) as spaces. -#}
{%- macro hcl(s) -%}${{ (s or "") | string | replace(r/[\b\f]/g, " ") | replace("${", "$${") | replace("%{", "%%{") | dump }}{%- endmacro -%}
# ${{ values.serviceName }}: an ECS Fargate service in ${{ values.accountName }}
# (${{ values.accountId }}, ${{ values.environment }}), ${{ values.region }}, vended by the
# Landing Zone Portal. The VPC and subnet ids come from the portal's inventory.
terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = ${{ hcl(values.region) }}
  assume_role {
    role_arn = "arn:aws:iam::${{ values.accountId }}:role/AWSAFTExecution"
  }
  default_tags {
    tags = {
      service     = ${{ hcl(values.serviceName) }}
      owner       = ${{ hcl(values.owner) }}
      environment = ${{ hcl(values.environment) }}
      managed-by  = "landing-zone-portal"
    }
  }
}

locals {
  name               = ${{ hcl(values.serviceName) }}
  vpc_id             = ${{ hcl(values.vpcId) }}
  vpc_cidr           = ${{ hcl(values.vpcCidr) }}
  private_subnet_ids = ${{ values.privateSubnetIds | dump }}
  public_subnet_ids  = ${{ values.publicSubnetIds | dump }}
  internet_facing    = ${{ "true" if values.exposure == "internet-facing" else "false" }}
  container_port     = ${{ values.port | int }}
}

variable "certificate_arn" {
  description = "The ACM certificate of the load balancer's HTTPS listener."
  type        = string
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
