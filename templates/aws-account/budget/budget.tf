{#- A quoted HCL string: JSON escapes from dump, "${" and "%{" escaped as HCL
    templates need, and backspace and form feed (JSON's \b and \f, which HCL
    lacks) as spaces. -#}
{%- macro hcl(s) -%}${{ (s or "") | string | replace(r/[\b\f]/g, " ") | replace("${", "$${") | replace("%{", "%%{") | dump }}{%- endmacro -%}
# The monthly budget of ${{ values.accountName }}: alerts to the account's root
# email at 80 % (forecast) and 100 % (actual) of USD ${{ values.monthlyBudgetUsd }}.
resource "aws_budgets_budget" "monthly" {
  name         = ${{ hcl(values.slug ~ "-monthly") }}
  budget_type  = "COST"
  limit_amount = ${{ hcl(values.monthlyBudgetUsd) }}
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 80
    threshold_type             = "PERCENTAGE"
    notification_type          = "FORECASTED"
    subscriber_email_addresses = [${{ hcl(values.email) }}]
  }

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 100
    threshold_type             = "PERCENTAGE"
    notification_type          = "ACTUAL"
    subscriber_email_addresses = [${{ hcl(values.email) }}]
  }
}
