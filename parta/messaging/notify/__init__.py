"""Notifications: committed audit events become notifications in Parta and e-mails.

`dispatch` turns the events into rows (after commit, in a background task), `recipients` finds
who is told, `texts` words it, `preferences` resolves each user's choice per kind and channel,
`email` sends the e-mails at once and `digest` the daily digests."""
