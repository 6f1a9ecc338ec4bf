-- Sent and failed emails no longer keep their one-time links (issue 13):
-- the delivery worker now stores them with every token removed. Copies
-- stored before that change cannot be redacted in SQL portably, so their
-- bodies are replaced; queued messages (still to be sent) and the
-- development mailbox keep theirs.
UPDATE outbox
   SET text_body = '[removed once sent]', html_body = '<p>[removed once sent]</p>'
 WHERE status IN ('sent', 'failed');
