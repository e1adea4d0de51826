CREATE TABLE accounts (id INT PRIMARY KEY, owner VARCHAR(64) NOT NULL);
INSERT INTO accounts (id, owner) VALUES (1, 'alice');
