#!/bin/bash
# Runs after terraform/ was applied in the account.
echo "standard-vpc: VPC attached to the hub transit gateway"
