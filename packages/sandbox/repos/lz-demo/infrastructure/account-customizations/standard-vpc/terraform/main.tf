# The landing zone's standard VPC: three tiers over two availability zones,
# flow logs to the organisation's bucket, attached to the region's hub transit
# gateway. CIDR and region come from the account request's custom_fields.
data "aws_ssm_parameter" "vpc_cidr" {
  name = "/aft/account-request/custom-fields/vpc_cidr"
}

data "aws_ec2_transit_gateway" "hub" {
  filter {
    name   = "tag:Name"
    values = ["hub"]
  }
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"

  name = "${data.aws_caller_identity.current.account_id}-main"
  cidr = data.aws_ssm_parameter.vpc_cidr.value
  azs  = slice(data.aws_availability_zones.available.names, 0, 2)

  public_subnets   = [for i in range(2) : cidrsubnet(data.aws_ssm_parameter.vpc_cidr.value, 4, i)]
  private_subnets  = [for i in range(2) : cidrsubnet(data.aws_ssm_parameter.vpc_cidr.value, 4, i + 4)]
  database_subnets = [for i in range(2) : cidrsubnet(data.aws_ssm_parameter.vpc_cidr.value, 4, i + 8)]

  enable_nat_gateway     = true
  one_nat_gateway_per_az = true

  enable_flow_log           = true
  flow_log_destination_type = "s3"
  flow_log_destination_arn  = "arn:aws:s3:::lz-vpc-flow-logs-o-f1nt3chd3m"
}

resource "aws_ec2_transit_gateway_vpc_attachment" "hub" {
  transit_gateway_id = data.aws_ec2_transit_gateway.hub.id
  vpc_id             = module.vpc.vpc_id
  subnet_ids         = module.vpc.private_subnets
}

data "aws_caller_identity" "current" {}

data "aws_availability_zones" "available" {
  state = "available"
}
