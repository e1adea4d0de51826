package dev.observability.examples.todo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the Debian package {@code postgresql} (its {@code initdb} and
 * {@code pg_ctl}), in a fresh data directory on a port of its own, listening on loopback only and
 * trusting local connections. As root (CI) it runs as the package's {@code postgres} user, since
 * PostgreSQL refuses to run as root. {@link #stop()} and {@link #start()} make an outage.
 */
final class PostgresServer implements AutoCloseable {

  static final String USER = "todo";

  private final Path bin;
  private final Path data;
  private final Path socketDir;
  private final Path log;
  private final int port;
  private final boolean asPostgresUser;

  private PostgresServer(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.data = dir.resolve("data");
    this.socketDir = dir;
    this.log = dir.resolve("postgres.log");
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /**
   * Creates a cluster in a new directory under the system's temporary directory (not a test's own,
   * which is closed to other users) and starts it on {@code port}.
   */
  static PostgresServer create(int port) throws Exception {
    Path bin = binaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("todo-postgres");
    if (root) {
      UserPrincipal postgres =
          dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(dir, postgres);
    }
    PostgresServer server = new PostgresServer(bin, dir, port, root);
    server.run(
        bin.resolve("initdb").toString(),
        "-D",
        server.data.toString(),
        "-U",
        USER,
        "--auth=trust",
        "-E",
        "UTF8",
        "--no-sync");
    server.start();
    return server;
  }

  /** Starts the server and waits until it accepts connections. */
  void start() throws Exception {
    run(
        bin.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        log.toString(),
        "-w",
        "-t",
        "120",
        "-o",
        "-p " + port + " -k " + socketDir + " -c listen_addresses=127.0.0.1 -c fsync=off",
        "start");
  }

  /** Stops the server (fast shutdown: open sessions are ended). */
  void stop() throws Exception {
    run(
        bin.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-m",
        "fast",
        "-w",
        "-t",
        "120",
        "stop");
  }

  int port() {
    return port;
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** The connection string prometheus-postgres-exporter takes in {@code DATA_SOURCE_NAME}. */
  String exporterDsn(String database) {
    return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + database + "?sslmode=disable";
  }

  void createDatabase(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
  }

  String log() {
    return Probes.read(log);
  }

  @Override
  public void close() throws Exception {
    if (Files.exists(data.resolve("postmaster.pid"))) {
      stop();
    }
    try (Stream<Path> files = Files.walk(socketDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private void run(String... command) throws Exception {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    Process process =
        new ProcessBuilder(full).directory(socketDir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", full) + " failed:\n" + output + log());
    }
  }

  /** The newest installed server version's binaries. */
  private static Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        var newest =
            versions
                .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                .max(
                    Comparator.comparingInt(
                        v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))));
        if (newest.isPresent()) {
          return newest.get().resolve("bin");
        }
      }
    }
    throw new IllegalStateException(
        "no PostgreSQL server under /usr/lib/postgresql: apt-get install postgresql"
            + " (.ci/run installs it)");
  }
}
