CREATE TABLE users (name VARCHAR(64) PRIMARY KEY, email VARCHAR(128) NOT NULL);
INSERT INTO users (name, email) VALUES ('alice', 'alice@example.com'), ('bob', 'bob@example.com');
