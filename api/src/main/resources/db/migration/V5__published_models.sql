-- A model an admin published to all: every tenant may read it and sample or evaluate it; it stays its tenant's.
alter table models add column published boolean not null default false;
create index models_published_newest on models (created_at desc, id desc) where published;
