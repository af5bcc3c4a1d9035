package org.instructsynth.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Spark standalone cluster made of separate JVMs started from the Maven jars, without a Spark
 * distribution: one Master and {@code workers} Workers on 127.0.0.1, each Worker offering one core
 * and {@value #WORKER_MEMORY}. {@code SPARK_HOME} is a temporary folder with an empty {@code jars/}
 * (the Worker's command builder insists on it) and Spark itself reaches the executors through {@code
 * spark.executor.extraClassPath}, as {@link #sparkClassPath()}: the test JVM's class path without
 * this project's classes, so the application's classes come only from the submitted jar.
 *
 * <p>{@link #close()} stops every JVM it started (executors first, then Workers, then the Master),
 * each with a timeout, and a shutdown hook does the same if the test JVM exits early.
 */
public final class StandaloneCluster implements AutoCloseable {
  static final String WORKER_MEMORY = "768m";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  public static final String EXECUTOR_MAIN = "org.apache.spark.executor.CoarseGrainedExecutorBackend";

  private final Path dir;
  private final Path sparkHome;
  private final String classPath;
  private final int masterPort;
  private final Process master;
  private final List<Process> workers = new ArrayList<>();
  private final List<Process> others = new ArrayList<>();
  private final Thread hook = new Thread(this::stopAll, "standalone-cluster-stop");

  private StandaloneCluster(Path dir, int workerCount) throws IOException {
    this.dir = dir;
    this.sparkHome = Files.createDirectories(dir.resolve("spark-home"));
    Files.createDirectories(sparkHome.resolve("jars"));
    Files.createDirectories(sparkHome.resolve("conf"));
    this.classPath = sparkClassPath();
    this.masterPort = freePort();
    Runtime.getRuntime().addShutdownHook(hook);
    master = start("master", List.of("-Xmx256m"), "org.apache.spark.deploy.master.Master",
        List.of("--host", "127.0.0.1", "--port", Integer.toString(masterPort), "--webui-port", "0"), dir.toFile());
    for (int i = 0; i < workerCount; i++) {
      Path work = Files.createDirectories(dir.resolve("worker-" + i));
      workers.add(start("worker-" + i, List.of("-Xmx256m"), "org.apache.spark.deploy.worker.Worker",
          List.of("--host", "127.0.0.1", "--cores", "1", "--memory", WORKER_MEMORY, "--webui-port", "0", "--work-dir", work.toString(),
              masterUrl()), dir.toFile()));
    }
  }

  /** Starts a Master and {@code workers} Workers under {@code dir} and waits until every Worker registered. */
  public static StandaloneCluster start(Path dir, int workers) throws IOException, InterruptedException {
    StandaloneCluster cluster = new StandaloneCluster(dir, workers);
    try {
      cluster.awaitLog("master", "I have been elected leader", START_TIMEOUT);
      for (int i = 0; i < workers; i++) {
        cluster.awaitLog("worker-" + i, "Successfully registered with master", START_TIMEOUT);
      }
      return cluster;
    } catch (RuntimeException | InterruptedException e) {
      cluster.close();
      throw e;
    }
  }

  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The path separator joined class path every child JVM gets: Spark and its dependencies, not this project. */
  public String classPath() {
    return classPath;
  }

  public Path log(String name) {
    return dir.resolve(name + ".log");
  }

  /**
   * Starts a JVM with Spark's Java 17 flags, the Spark class path plus {@code extraClassPath}, the
   * cluster's environment and its output in {@link #log(String)}; {@link #close()} stops it.
   */
  public Process start(String name, List<String> jvmOptions, String mainClass, List<String> args, File workDir) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(sparkJavaOptions());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir).redirectErrorStream(true)
        .redirectOutput(log(name).toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("SPARK_") || k.equals("HADOOP_CONF_DIR") || k.equals("YARN_CONF_DIR"));
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_LOCAL_HOSTNAME", "127.0.0.1");
    env.put("SPARK_LOG_DIR", dir.toString());
    Process p = pb.start();
    synchronized (others) {
      if (!name.equals("master") && !name.startsWith("worker-")) {
        others.add(p);
      }
    }
    return p;
  }

  /** Live executor JVMs launched by Worker {@code worker} (its child processes running the executor backend). */
  public List<ProcessHandle> executors(int worker) {
    return workers.get(worker).descendants()
        .filter(ProcessHandle::isAlive)
        .filter(h -> commandLine(h).contains(EXECUTOR_MAIN))
        .collect(Collectors.toList());
  }

  /**
   * The process's command line; on Linux from {@code /proc/<pid>/cmdline}, since {@link
   * ProcessHandle.Info#commandLine()} comes back empty for a command as long as an executor's (its
   * class path alone is tens of kilobytes).
   */
  static String commandLine(ProcessHandle h) {
    Path proc = Path.of("/proc", Long.toString(h.pid()), "cmdline");
    if (Files.isReadable(proc)) {
      try {
        return new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ');
      } catch (IOException e) {
        return "";
      }
    }
    return h.info().commandLine().orElse("");
  }

  /** Kills (SIGKILL, like a lost machine) the executors of Worker {@code worker}; returns how many. */
  public int killExecutors(int worker) {
    List<ProcessHandle> found = executors(worker);
    found.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle h : found) {
      h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> h).join();
    }
    return found.size();
  }

  /** Waits until {@code log(name)} contains {@code text}; fails with the log's tail after {@code timeout}. */
  public void awaitLog(String name, String text, Duration timeout) throws InterruptedException {
    Path log = log(name);
    await(() -> read(log).contains(text), timeout,
        () -> String.format(Locale.ROOT, "%s did not log '%s' within %d s; its log %s ends with:%n%s", name, text,
            timeout.toSeconds(), log, tail(log, 40)));
  }

  public static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> message)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(message.get());
      }
      Thread.sleep(50);
    }
  }

  public static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static String tail(Path file, int lines) {
    List<String> all = Arrays.asList(read(file).split("\n"));
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /**
   * Spark's {@code --add-opens} flags as Failsafe passes them to this JVM (the pom's {@code
   * spark.add.opens}), so the child JVMs get the same list.
   */
  public static List<String> sparkJavaOptions() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-modules") || a.equals("-XX:+IgnoreUnrecognizedVMOptions")
            || a.startsWith("-Djdk.reflect.useDirectMethodHandle") || a.startsWith("-Dio.netty.tryReflectionSetAccessible"))
        .collect(Collectors.toList());
  }

  /**
   * This JVM's class path minus the project's own output ({@code target/classes}, {@code
   * target/test-classes}, the built jars) and the test libraries: what a cluster's {@code
   * SPARK_HOME/jars} would hold. The application must come only from the submitted jar: with its
   * classes also on the executor's system class path, a class and the lambdas it serialises can
   * resolve through different loaders.
   */
  public static String sparkClassPath() {
    Path target = Path.of(System.getProperty("project.dir", "."), "target").toAbsolutePath().normalize();
    Pattern testLibs = Pattern.compile(".*/(junit|opentest4j|apiguardian|assertj|mockwebserver3?|surefire|failsafe|byte-buddy)[^/]*/.*");
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.isBlank())
        .filter(e -> !Path.of(e).toAbsolutePath().normalize().startsWith(target))
        .filter(e -> !testLibs.matcher(e.replace('\\', '/')).matches())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** The shaded application jar {@code mvn package} built ({@code target/instruct-synth-*.jar}, not original-*). */
  public static Path applicationJar() throws IOException {
    Path target = Path.of(System.getProperty("project.dir", "."), "target").toAbsolutePath();
    try (var files = Files.list(target)) {
      Optional<Path> jar = files.filter(p -> p.getFileName().toString().matches("instruct-synth-.*\\.jar"))
          .filter(p -> !p.getFileName().toString().endsWith("-sources.jar")).findFirst();
      return jar.orElseThrow(() -> new IllegalStateException("no target/instruct-synth-*.jar; run 'mvn -B verify' (package runs first)"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void stopAll() {
    List<Process> order = new ArrayList<>();
    synchronized (others) {
      order.addAll(others);
    }
    order.addAll(workers);
    order.add(master);
    for (Process p : order) {
      if (p != null) {
        stop(p);
      }
    }
  }

  private static void stop(Process p) {
    List<ProcessHandle> children = p.descendants().collect(Collectors.toList());
    p.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle c : children) {
      if (c.isAlive()) {
        c.destroyForcibly();
      }
    }
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: nothing left to undo
    }
  }
}
