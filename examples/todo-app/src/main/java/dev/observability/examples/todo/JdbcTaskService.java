package dev.observability.examples.todo;

import dev.observability.core.Observability;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.instrument.Counter;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks in the database. The annotations are honoured by {@link dev.observability.core.Observed}
 * (see {@link TodoApp}): a span per operation and the {@code todo.task.operation} timer.
 */
final class JdbcTaskService implements TaskService {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcTaskService.class);

  private final DataSource dataSource;
  private final Counter created;
  private final Counter completed;

  JdbcTaskService(DataSource dataSource, Observability observability) {
    this.dataSource = dataSource;
    this.created =
        Counter.builder("todo.task.creations")
            .description("Tasks created")
            .register(observability.meterRegistry());
    this.completed =
        Counter.builder("todo.task.completions")
            .description("Tasks marked done")
            .register(observability.meterRegistry());
  }

  @Override
  @WithSpan("todo.task.list")
  @Timed(
      value = "todo.task.operation",
      extraTags = {"operation", "list"},
      histogram = true)
  public List<Task> list(@SpanAttribute("user.id") long userId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT id, title, done FROM tasks WHERE user_id = ? ORDER BY id")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        List<Task> tasks = new ArrayList<>();
        while (rs.next()) {
          tasks.add(new Task(rs.getLong(1), rs.getString(2), rs.getBoolean(3)));
        }
        return tasks;
      }
    }
  }

  @Override
  @WithSpan("todo.task.create")
  @Timed(
      value = "todo.task.operation",
      extraTags = {"operation", "create"},
      histogram = true)
  public Task create(long userId, String title) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO tasks (user_id, title) VALUES (?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, userId);
      ps.setString(2, title);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        Task task = new Task(keys.getLong(1), title, false);
        created.increment();
        LOG.atInfo().addKeyValue("task_id", task.id()).log("task created");
        return task;
      }
    }
  }

  @Override
  @WithSpan("todo.task.find")
  @Timed(
      value = "todo.task.operation",
      extraTags = {"operation", "find"},
      histogram = true)
  public Optional<Task> find(
      @SpanAttribute("user.id") long userId, @SpanAttribute("task.id") long taskId)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT id, title, done FROM tasks WHERE id = ? AND user_id = ?")) {
      ps.setLong(1, taskId);
      ps.setLong(2, userId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Task(rs.getLong(1), rs.getString(2), rs.getBoolean(3)))
            : Optional.empty();
      }
    }
  }

  @Override
  @WithSpan("todo.task.update")
  @Timed(
      value = "todo.task.operation",
      extraTags = {"operation", "update"},
      histogram = true)
  public Optional<Task> update(long userId, long taskId, String title, Boolean done)
      throws SQLException {
    Optional<Task> existing = find(userId, taskId);
    if (existing.isEmpty()) {
      return existing;
    }
    Task before = existing.get();
    Task after =
        new Task(
            taskId, title != null ? title : before.title(), done != null ? done : before.done());
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE tasks SET title = ?, done = ? WHERE id = ? AND user_id = ?")) {
      ps.setString(1, after.title());
      ps.setBoolean(2, after.done());
      ps.setLong(3, taskId);
      ps.setLong(4, userId);
      ps.executeUpdate();
    }
    if (after.done() && !before.done()) {
      completed.increment();
      LOG.atInfo().addKeyValue("task_id", taskId).log("task completed");
    }
    return Optional.of(after);
  }

  @Override
  @WithSpan("todo.task.delete")
  @Timed(
      value = "todo.task.operation",
      extraTags = {"operation", "delete"},
      histogram = true)
  public boolean delete(long userId, long taskId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM tasks WHERE id = ? AND user_id = ?")) {
      ps.setLong(1, taskId);
      ps.setLong(2, userId);
      return ps.executeUpdate() == 1;
    }
  }
}
