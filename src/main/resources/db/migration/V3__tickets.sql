-- Tickets the escalations backend opens for a human.
CREATE TABLE tickets (
  ticket_id   VARCHAR(32) PRIMARY KEY,
  summary     VARCHAR(2000) NOT NULL,
  order_id    VARCHAR(16),
  customer_id VARCHAR(64),
  status      VARCHAR(16) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
