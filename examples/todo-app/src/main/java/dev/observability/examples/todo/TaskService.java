package dev.observability.examples.todo;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Tasks of a user; another user's task is invisible (empty, as if it did not exist). */
interface TaskService {

  List<Task> list(long userId) throws SQLException;

  Task create(long userId, String title) throws SQLException;

  Optional<Task> find(long userId, long taskId) throws SQLException;

  Optional<Task> update(long userId, long taskId, String title, Boolean done) throws SQLException;

  boolean delete(long userId, long taskId) throws SQLException;
}
