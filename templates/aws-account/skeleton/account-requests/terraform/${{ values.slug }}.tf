{#- A quoted HCL string: JSON escapes from dump, "${" and "%{" escaped as HCL
    templates need, and backspace and form feed (JSON's \b and \f, which HCL
    lacks) as spaces. -#}
{%- macro hcl(s) -%}${{ (s or "") | string | replace(r/[\b\f]/g, " ") | replace("${", "$${") | replace("%{", "%%{") | dump }}{%- endmacro -%}
# Account request for ${{ values.accountName }}, vended by the Landing Zone Portal.
# AFT (aws-ia/terraform-aws-control_tower_account_factory) creates the account
# from this module call once the pull request is merged.
module "${{ values.slug }}" {
  source = "./modules/aft-account-request"

  control_tower_parameters = {
    AccountEmail              = ${{ hcl(values.email) }}
    AccountName               = ${{ hcl(values.accountName) }}
    ManagedOrganizationalUnit = ${{ hcl(values.managedOrganizationalUnit) }}
    SSOUserEmail              = ${{ hcl(values.email) }}
    SSOUserFirstName          = ${{ hcl(values.accountName) }}
    SSOUserLastName           = "Admin"
  }

  account_tags = {
    ${{ hcl(values.ownerTag or "owner") }} = ${{ hcl(values.owner) }}
    "environment" = ${{ hcl(values.environment) }}
    "managed-by"  = "landing-zone-portal"
  }

  change_management_parameters = {
    change_requested_by = ${{ hcl(values.requestedBy) }}
    change_reason       = ${{ hcl(values.changeReason) }}
  }

  custom_fields = {
    allowed_regions    = ${{ hcl(values.regions | join(",")) }}
    monthly_budget_usd = ${{ hcl(values.monthlyBudgetUsd) }}
    vpc_cidr           = ${{ hcl(values.vpcCidr or "") }}
    ou_path            = ${{ hcl(values.ouPath) }}
  }

  account_customizations_name = ${{ hcl(values.slug) }}
}
