-- Notes for the operators only (e.g. why a bot lost a chat): transcript messages the customer never sees.
ALTER TABLE messages ADD COLUMN internal boolean NOT NULL DEFAULT false;
