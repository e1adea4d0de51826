package dev.observability.examples.todo;

/** A task of one user. */
record Task(long id, String title, boolean done) {}
