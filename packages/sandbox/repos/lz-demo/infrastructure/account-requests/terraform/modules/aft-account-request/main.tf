# A stub of AFT's aft-account-request module: the real module writes the request
# to the aft-request DynamoDB table in the AFT management account, from where
# AFT's pipeline creates or updates the account through Control Tower.
resource "aws_dynamodb_table_item" "account_request" {
  table_name = "aft-request"
  hash_key   = "id"

  item = jsonencode({
    id                          = { S = lookup(var.control_tower_parameters, "AccountEmail") }
    control_tower_parameters    = { M = { for k, v in var.control_tower_parameters : k => { S = v } } }
    account_tags                = { S = jsonencode(var.account_tags) }
    change_management_parameters = { M = { for k, v in var.change_management_parameters : k => { S = v } } }
    custom_fields               = { S = jsonencode(var.custom_fields) }
    account_customizations_name = { S = var.account_customizations_name }
  })
}
