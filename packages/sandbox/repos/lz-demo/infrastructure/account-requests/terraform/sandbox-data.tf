module "sandbox-data" {
  source = "./modules/aft-account-request"

  control_tower_parameters = {
    AccountEmail              = "aws+sandbox-data@example.com"
    AccountName               = "sandbox-data"
    ManagedOrganizationalUnit = "Sandbox"
    SSOUserEmail              = "data-team@example.com"
    SSOUserFirstName          = "Data"
    SSOUserLastName           = "Team"
  }

  account_tags = {
    owner       = "team-data"
    environment = "sandbox"
  }

  change_management_parameters = {
    change_requested_by = "team-data"
    change_reason       = "Experiments with the data lake's tooling"
  }
}
