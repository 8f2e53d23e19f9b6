variable "control_tower_parameters" {
  description = "Account Factory inputs: AccountEmail, AccountName, ManagedOrganizationalUnit (\"Name (ou-id)\" for nested OUs), SSOUserEmail, SSOUserFirstName, SSOUserLastName"
  type = object({
    AccountEmail              = string
    AccountName               = string
    ManagedOrganizationalUnit = string
    SSOUserEmail              = string
    SSOUserFirstName          = string
    SSOUserLastName           = string
  })
}

variable "account_tags" {
  description = "Tags on the account in AWS Organizations (owner is required by the portal)"
  type        = map(string)
  default     = {}
}

variable "change_management_parameters" {
  description = "Who asked for the account and why"
  type = object({
    change_requested_by = string
    change_reason       = string
  })
}

variable "custom_fields" {
  description = "Values for customizations, stored as SSM parameters in the account (standard-vpc reads vpc_cidr and vpc_region)"
  type        = map(string)
  default     = {}
}

variable "account_customizations_name" {
  description = "The folder under account-customizations/ to apply to the account, if any"
  type        = string
  default     = ""
}
