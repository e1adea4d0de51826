INSERT INTO users (email, password_hash) VALUES ('seed@example.com', 'not-a-real-hash');
