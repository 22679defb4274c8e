# The operator's pages and the plans.

money-brl-equivalent = ≈ { $brl } at { $rate } per US$ (the operator's rate of { $date }; charged in US$)

rate-title = Reais on the workspaces' pages
rate-help = Workspaces are charged in US$, as the provider charges. With a rate here, their pages also show the equivalent in reais, labelled with this rate and its date. Leave the field empty to stop showing reais.
rate-field = Reais per US$
rate-reads = = { $rate } per US$
rate-none = No rate: reais are not shown.
rate-current = Now: { $rate } per US$, set { $date } (UTC).
rate-unset = No rate set: workspaces see US$ only.
rate-save = Save rate
