-- Open requests per inbox, kept in step with `requests` by every change
-- to a request (app/src/requests/repo.rs), so the inbox navigation reads a
-- few rows instead of counting a practice's whole backlog. bucket is
-- 'unassigned', 'user:<user id>' or 'inbox:<group inbox id>'. Keep in step
-- with the other backend's folder.
CREATE TABLE inbox_counts (
    organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    bucket           TEXT NOT NULL,
    open_requests    BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, bucket)
);

INSERT INTO inbox_counts (organisation_id, bucket, open_requests)
SELECT organisation_id,
       CASE WHEN assigned_user_id IS NOT NULL THEN 'user:' || assigned_user_id
            WHEN assigned_inbox_id IS NOT NULL THEN 'inbox:' || assigned_inbox_id
            ELSE 'unassigned' END,
       COUNT(*)
  FROM requests
 WHERE status <> 'completed'
 GROUP BY 1, 2;
