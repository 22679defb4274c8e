# The operator's pages and the plans.
