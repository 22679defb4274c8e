# Agents & keys, Bots and their settings, Persona, Knowledge, Team, sign-in, invites, a new workspace, the operator pages and the shared form pieces.

## Shared form pieces

forms-saving = Saving…
forms-saved = Saved
forms-cancel = Cancel
clipboard-copy = Copy
clipboard-copied = Copied
clipboard-copied-note = Copied to the clipboard.
clipboard-refused = This browser did not allow copying: select the text and copy it.

## Sign-in

login-title = Sign in
login-intro = We email you a link. No password needed; new here? The same link creates your account.
login-email = Email
login-email-placeholder = you@company.com
login-request = Email me a sign-in link
login-check-email = Check your email
login-sent-before = If
login-sent-after = can receive mail, a sign-in link is on its way. It works once and expires in 15 minutes.
login-other-address = Use another address
login-finish = Finish signing in
login-link-incomplete = Link incomplete
login-link-missing-code = This sign-in link is missing its code. Open the full link from the email, or request a new one.
login-request-new = Request a new link
login-checking = Checking the link…
login-signing-in-as = You are signing in as
login-not-yours = . If that is not your address, close this page: someone sent you their link.
login-link-unusable = This link has expired or was already used. Request a new one.
login-confirm = Sign in to BaaS
login-invalid-email = That does not look like an email address (expected name@example.com).
login-rate-limited = Too many sign-in links requested. Try again in { $seconds } seconds.
login-rate-limited-soon = Too many sign-in links requested. Try again in a few seconds.
login-link-invalid = That sign-in link is not valid. Request a new one below.
login-link-expired = That sign-in link has expired (links last 15 minutes). Request a new one below.
login-link-used = That sign-in link was already used. Request a new one below.
login-session-expired = Your session has ended. Sign in again.
login-something-wrong = Something went wrong. Please try again.

## A new workspace

onboarding-title = Create a workspace
onboarding-loading = Loading…
onboarding-signed-in-as = Signed in as
onboarding-holds = . A workspace holds your bots, agents, team and costs.
onboarding-name = Workspace name
onboarding-name-placeholder = Acme Support
onboarding-create = Create workspace
onboarding-created = Workspace created
onboarding-or-open = Or open one of yours:

## Not found

notfound-title = Page not found
notfound-text = There is nothing at this address.
notfound-home = Go to your workspace
