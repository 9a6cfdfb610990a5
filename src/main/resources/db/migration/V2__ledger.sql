-- Money moved by the refunds backend: one row per refund paid, never updated or deleted.
-- idempotency_key is UNIQUE: the last line of defence against paying one request twice.
CREATE TABLE ledger (
  refund_id       VARCHAR(32) PRIMARY KEY,
  order_id        VARCHAR(16) NOT NULL REFERENCES orders (order_id),
  customer_id     VARCHAR(64) NOT NULL,
  amount          DECIMAL(12, 2) NOT NULL CHECK (amount > 0),
  currency        CHAR(3) NOT NULL,
  reason          VARCHAR(500) NOT NULL,
  idempotency_key VARCHAR(255) NOT NULL UNIQUE,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ledger_by_order ON ledger (order_id);
