package io.github.ibmb4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ibmb4j.serving.Predictor;
import io.github.ibmb4j.serving.PredictorOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A predictor over {@link TrainedRun} behind a real server on an ephemeral loopback port. */
final class ServerFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> NAMES = List.of("alpha", "beta", "gamma", "delta", "epsilon");

  final Predictor predictor;
  final PredictionServer server;
  final Queue<String> accessLines = new ConcurrentLinkedQueue<>();
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  ServerFixture(PredictorOptions po, ServeOptions so) {
    try {
      predictor = Predictor.open(TrainedRun.dir(), po);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server = PredictionServer.start(predictor, so.withHost("127.0.0.1").withPort(0),
        accessLines::add);
  }

  static ServeOptions serveOptions() {
    return ServeOptions.defaults().withMaxBodyBytes(64 * 1024).withLabelNames(NAMES);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET().build());
  }

  HttpResponse<String> post(String path, String body) {
    return send(postRequest(path, body));
  }

  HttpRequest postRequest(String path, String body) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
    return client.sendAsync(postRequest(path, body), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(HttpRequest r) {
    try {
      return client.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    predictor.close();
    client.close();
  }
}
