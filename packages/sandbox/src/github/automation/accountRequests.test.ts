import { isAccountRequestFile, parseAccountRequests } from './accountRequests';

describe('account requests', () => {
  it('reads the request the portal’s aws-account template writes', () => {
    // The shape of templates/aws-account's skeleton, rendered.
    const { requests, problems } = parseAccountRequests(`
# Account request for payments-dev, vended by the Landing Zone Portal.
module "payments-dev" {
  source = "./modules/aft-account-request"

  control_tower_parameters = {
    AccountEmail              = "aws+payments-dev@example.com"
    AccountName               = "payments-dev"
    ManagedOrganizationalUnit = "QA (ou-f1nt-qa000000)"
    SSOUserEmail              = "aws+payments-dev@example.com"
    SSOUserFirstName          = "payments-dev"
    SSOUserLastName           = "Admin"
  }

  account_tags = {
    "owner" = "group:default/team-payments"
    "environment" = "qa"
    "managed-by"  = "landing-zone-portal"
  }

  change_management_parameters = {
    change_requested_by = "pat"
    change_reason       = "A QA account for the payments API"
  }

  custom_fields = {
    allowed_regions    = "eu-central-1,eu-west-1"
    monthly_budget_usd = "500"
    vpc_cidr           = "10.130.0.0/20"
    ou_path            = "Workloads/QA"
  }

  account_customizations_name = "payments-dev"
}
`);
    expect(problems).toEqual([]);
    expect(requests).toEqual([
      {
        module: 'payments-dev',
        accountName: 'payments-dev',
        accountEmail: 'aws+payments-dev@example.com',
        organizationalUnit: 'QA (ou-f1nt-qa000000)',
        tags: {
          owner: 'group:default/team-payments',
          environment: 'qa',
          'managed-by': 'landing-zone-portal',
        },
        customization: 'payments-dev',
        vpc: { cidr: '10.130.0.0/20', region: 'eu-central-1' },
      },
    ]);
  });

  it('names what makes a request unusable, and skips other modules', () => {
    const { requests, problems } = parseAccountRequests(`
module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}
module "computed" {
  source = "./modules/aft-account-request"
  control_tower_parameters = {
    AccountEmail              = "\${var.email}"
    AccountName               = "computed"
    ManagedOrganizationalUnit = "Sandbox"
  }
}
module "incomplete" {
  source = "./modules/aft-account-request"
  control_tower_parameters = {
    AccountEmail = "not-an-email"
    AccountName  = "incomplete"
  }
}
module "no-cidr" {
  source = "./modules/aft-account-request"
  control_tower_parameters = {
    AccountEmail              = "aws+no-cidr@example.com"
    AccountName               = "no-cidr"
    ManagedOrganizationalUnit = "Sandbox"
  }
  account_customizations_name = "standard-vpc"
}
`);
    expect(requests).toEqual([]);
    expect(problems).toEqual([
      {
        module: 'computed',
        message:
          'control_tower_parameters.AccountEmail is an expression; the account factory reads literal values only',
      },
      {
        module: 'incomplete',
        message: expect.stringMatching(
          /^control_tower_parameters\.AccountEmail: .*; control_tower_parameters\.ManagedOrganizationalUnit: /,
        ),
      },
      {
        module: 'no-cidr',
        message:
          'account_customizations_name "standard-vpc" needs custom_fields.vpc_cidr (the VPC\'s CIDR block)',
      },
    ]);
    expect(
      parseAccountRequests('module "x" {\n  source = \n').problems,
    ).toEqual([{ message: 'is not valid HCL (terraform would not parse it)' }]);
  });

  it('knows which files are account requests', () => {
    expect(isAccountRequestFile('account-requests/terraform/a.tf')).toBe(true);
    expect(
      isAccountRequestFile(
        'account-requests/terraform/modules/aft-account-request/main.tf',
      ),
    ).toBe(false);
    expect(
      isAccountRequestFile('account-customizations/a/terraform/main.tf'),
    ).toBe(false);
    expect(isAccountRequestFile('account-requests/README.md')).toBe(false);
  });
});
