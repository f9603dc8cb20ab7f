-- Placeholder baseline so Flyway has a first version; the job schema replaces it.
CREATE TABLE IF NOT EXISTS schema_info (
    name       VARCHAR(64) PRIMARY KEY,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
INSERT INTO schema_info (name) VALUES ('baseline') ON CONFLICT DO NOTHING;
