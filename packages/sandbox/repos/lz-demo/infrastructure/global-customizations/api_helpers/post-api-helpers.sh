#!/bin/bash
# Runs after the baseline was applied in the account.
echo "global baseline applied"
