package dev.observability.examples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * The file set-up the README documents ({@code logback-files.xml}), loaded as logback loads it:
 * masked JSON lines in app.json, errors also in error.json, both rolled at 10 MB into 5 files,
 * written through async appenders that never block.
 */
class LogFilesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void everyEventGoesToAppJsonAndErrorsAlsoToErrorJsonMaskedAndRolledAt10Mb() throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    context.putProperty("LOG_DIR", dir.toString());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/logback-files.xml"));

    Logger log = context.getLogger("dev.observability.examples.todo.Checkout");
    log.info("paid with card 4111 1111 1111 1111");
    log.error("refund failed for jane.doe@example.com", new IllegalStateException("gateway down"));

    AsyncAppender async = (AsyncAppender) context.getLogger("ROOT").getAppender("ASYNC");
    assertThat(async.isNeverBlock()).isTrue();
    @SuppressWarnings("unchecked")
    RollingFileAppender<?> file = (RollingFileAppender<?>) async.getAppender("FILE");
    assertThat(
            ((SizeBasedTriggeringPolicy<?>) file.getTriggeringPolicy()).getMaxFileSize().getSize())
        .isEqualTo(10L * 1024 * 1024);
    assertThat(((FixedWindowRollingPolicy) file.getRollingPolicy()).getMaxIndex()).isEqualTo(5);
    context.stop(); // drains the async queues and closes the files

    List<JsonNode> app = lines(dir.resolve("app.json"));
    List<JsonNode> errors = lines(dir.resolve("error.json"));
    assertThat(app).hasSize(2);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).path("level").asText()).isEqualTo("ERROR");
    assertThat(errors.get(0).path("stack_trace").asText()).contains("gateway down");
    String all =
        Files.readString(dir.resolve("app.json")) + Files.readString(dir.resolve("error.json"));
    assertThat(all).doesNotContain("4111 1111 1111 1111", "jane.doe@example.com").contains("1111");
  }

  private static List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }
}
