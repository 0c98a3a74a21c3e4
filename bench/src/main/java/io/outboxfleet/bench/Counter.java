package io.outboxfleet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** A number that only grows as work gets done, read on demand. */
interface Counter extends AutoCloseable {

    long read() throws Exception;

    @Override
    default void close() {}

    /** The sum of the end offsets of every topic not starting with '_' or "bench-". */
    static Counter kafkaEndOffsets(String bootstrap) {
        Properties props = BenchKafka.client(bootstrap);
        Admin admin = Admin.create(props);
        return new Counter() {
            @Override
            public long read() throws Exception {
                List<String> topics =
                        admin.listTopics().names().get().stream()
                                .filter(t -> !t.startsWith("_") && !t.startsWith("bench-"))
                                .toList();
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get().values().stream()
                        .flatMap(
                                d ->
                                        d.partitions().stream()
                                                .map(
                                                        p ->
                                                                new TopicPartition(
                                                                        d.name(), p.partition())))
                        .forEach(tp -> request.put(tp, OffsetSpec.latest()));
                return admin.listOffsets(request).all().get().values().stream()
                        .mapToLong(r -> r.offset())
                        .sum();
            }

            @Override
            public void close() {
                admin.close();
            }
        };
    }

    /** Everything the dev sinks received: mails + CRM calls + webhooks (GET /_stats). */
    static Counter sinks(String baseUrl) {
        HttpClient http = HttpClient.newHttpClient();
        Pattern number = Pattern.compile("\"(\\w+)\":(\\d+)");
        return () -> {
            String body =
                    http.send(
                                    HttpRequest.newBuilder(URI.create(baseUrl + "/_stats"))
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            Matcher m = number.matcher(body);
            long sum = 0;
            while (m.find()) {
                sum += Long.parseLong(m.group(2));
            }
            return sum;
        };
    }
}
