package dev.weft.tracing.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** Host, OS, JVM and user of the process, as the runs API's {@code host} object. */
final class HostInfo {
  private HostInfo() {}

  static ObjectNode capture() {
    ObjectNode host = HttpRunClient.JSON.createObjectNode();
    host.put("hostname", hostname());
    host.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " ("
            + System.getProperty("os.arch")
            + ")");
    host.put(
        "jvm",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version", System.getProperty("java.version")));
    host.put("user", System.getProperty("user.name"));
    return host;
  }

  /**
   * Avoids a DNS lookup where the OS already says the name (a bad resolver can hang for seconds).
   */
  static String hostname() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    try {
      Path etc = Path.of("/etc/hostname");
      if (Files.isReadable(etc)) {
        String name = Files.readString(etc).trim();
        if (!name.isEmpty()) {
          return name;
        }
      }
    } catch (Exception e) {
      // fall through
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
