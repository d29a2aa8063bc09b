-- A queued change keeps the W3C trace context of the record it came in, so that the receipts and conflict events it
-- causes when it leaves its queue carry it on (null: the record had none, or the change was queued before this column).
ALTER TABLE sync.queued_change ADD COLUMN traceparent text;
