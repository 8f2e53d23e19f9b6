module "payments-prod" {
  source = "./modules/aft-account-request"

  control_tower_parameters = {
    AccountEmail              = "aws+payments-prod@example.com"
    AccountName               = "payments-prod"
    ManagedOrganizationalUnit = "Prod (ou-f1nt-pr0d0000)"
    SSOUserEmail              = "payments-oncall@example.com"
    SSOUserFirstName          = "Payments"
    SSOUserLastName           = "On-call"
  }

  account_tags = {
    owner       = "team-payments"
    environment = "prod"
  }

  change_management_parameters = {
    change_requested_by = "team-payments"
    change_reason       = "Production account for the payments platform"
  }

  custom_fields = {
    vpc_cidr   = "10.20.0.0/16"
    vpc_region = "eu-west-1"
  }

  account_customizations_name = "standard-vpc"
}
