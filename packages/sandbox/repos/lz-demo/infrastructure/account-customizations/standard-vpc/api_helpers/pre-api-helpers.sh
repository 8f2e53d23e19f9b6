#!/bin/bash
# Runs before terraform/ is applied in the account.
echo "standard-vpc: nothing to prepare"
