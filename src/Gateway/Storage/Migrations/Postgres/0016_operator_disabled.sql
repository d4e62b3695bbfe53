-- An operator can be disabled: their tokens stop working at once and they cannot sign in (issue 16).
ALTER TABLE operators ADD COLUMN disabled boolean NOT NULL DEFAULT false;
