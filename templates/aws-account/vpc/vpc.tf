{#- A quoted HCL string: JSON escapes from dump, "${" and "%{" escaped as HCL
    templates need, and backspace and form feed (JSON's \b and \f, which HCL
    lacks) as spaces. -#}
{%- macro hcl(s) -%}${{ (s or "") | string | replace(r/[\b\f]/g, " ") | replace("${", "$${") | replace("%{", "%%{") | dump }}{%- endmacro -%}
# The standard three-tier VPC of ${{ values.accountName }} in ${{ values.regions[0] }}:
# public, private and isolated subnets in three availability zones, carved
# from ${{ values.vpcCidr }} (allocated by the Landing Zone Portal so that it
# overlaps no other VPC of the organisation), with flow logs to CloudWatch.
locals {
  vpc_cidr = ${{ hcl(values.vpcCidr) }}
  azs      = slice(data.aws_availability_zones.available.names, 0, 3)
  # Nine equal blocks of the VPC (three tiers x three zones), four bits each.
  subnets = [for i in range(9) : cidrsubnet(local.vpc_cidr, 4, i)]
}

provider "aws" {
  alias  = "home"
  region = ${{ hcl(values.regions[0]) }}
}

data "aws_availability_zones" "available" {
  provider = aws.home
  state    = "available"
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
  providers = {
    aws = aws.home
  }

  name = ${{ hcl(values.slug) }}
  cidr = local.vpc_cidr
  azs  = local.azs

  public_subnets   = slice(local.subnets, 0, 3)
  private_subnets  = slice(local.subnets, 3, 6)
  database_subnets = slice(local.subnets, 6, 9)

  public_subnet_tags   = { tier = "public" }
  private_subnet_tags  = { tier = "private" }
  database_subnet_tags = { tier = "isolated" }

  enable_nat_gateway     = true
  one_nat_gateway_per_az = true

  enable_flow_log                                 = true
  create_flow_log_cloudwatch_log_group            = true
  create_flow_log_cloudwatch_iam_role             = true
  flow_log_cloudwatch_log_group_retention_in_days = 365

  tags = {
    environment = ${{ hcl(values.environment) }}
    managed-by  = "landing-zone-portal"
  }
}
