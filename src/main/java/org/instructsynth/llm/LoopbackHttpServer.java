package org.instructsynth.llm;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK HTTP server on 127.0.0.1 (a free port) serving {@code /v1/} with daemon threads only, so it
 * never keeps a driver, executor or benchmark JVM alive: the simulated endpoint and the benchmark's
 * rate-limited test server both start one.
 */
public final class LoopbackHttpServer {
  private final HttpServer server;
  private final ExecutorService executor;

  /**
   * @param threadName the name of the handler threads
   * @param what what this server is, for error messages (e.g. "the SIMULATED LLM endpoint")
   */
  public LoopbackHttpServer(String threadName, String what, HttpHandler v1) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + what + " on 127.0.0.1: " + e.getMessage(), e);
    }
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/v1/", v1);
    // The JDK server's dispatcher thread inherits daemon status from the thread calling start();
    // a non-daemon dispatcher would keep the JVM alive after the job.
    Thread starter = new Thread(server::start, threadName + "-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.stop(0);
      throw new IllegalStateException("interrupted while starting " + what, e);
    }
  }

  /** {@code http://127.0.0.1:<port>/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Stops the server and its threads. */
  public void stop() {
    server.stop(0);
    executor.shutdownNow();
  }
}
