package io.syncmesh.devstack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.Topics;

/**
 * A test's side of Kafka: produces change envelopes to sync.changes like the gateway does (and conflict events like the
 * sync-service does), and records what services emit on topics from the moment a recorder was opened.
 */
public final class MeshTopics implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final List<Recorder> recorders = new ArrayList<>();
    private final String bootstrap;

    public MeshTopics(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer = new KafkaProducer<>(props);
    }

    /** Sends envelopes in order and waits until Kafka acknowledged all of them. */
    public void send(Collection<ChangeEnvelope> envelopes) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (ChangeEnvelope envelope : envelopes) {
            acks.add(producer.send(new ProducerRecord<>(Topics.CHANGES, envelope.key().recordKey(),
                    SyncJson.write(envelope))));
        }
        await(acks);
    }

    public void send(ChangeEnvelope... envelopes) {
        send(List.of(envelopes));
    }

    /**
     * Sends envelopes in order with the headers the gateway adds (trace context, tenant, change id) and waits until
     * Kafka acknowledged all of them.
     */
    public void sendTraced(String traceparent, ChangeEnvelope... envelopes) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (ChangeEnvelope envelope : envelopes) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.CHANGES, envelope.key().recordKey(),
                    SyncJson.write(envelope));
            record.headers().add(Topics.HEADER_TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8))
                    .add(Topics.HEADER_TENANT, envelope.tenant().getBytes(StandardCharsets.UTF_8))
                    .add(Topics.HEADER_CHANGE_ID, envelope.change().changeId().getBytes(StandardCharsets.UTF_8));
            acks.add(producer.send(record));
        }
        await(acks);
    }

    /** The last value of a record's header as text, or null. */
    public static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Sends an arbitrary record to sync.changes (for poison records). */
    public void sendRaw(String key, String value) {
        sendRaw(Topics.CHANGES, key, value);
    }

    /** Sends an arbitrary record to a topic and waits for the acknowledgement. */
    public void sendRaw(String topic, String key, String value) {
        await(List.of(producer.send(new ProducerRecord<>(topic, key, value))));
    }

    /** Sends conflict events to sync.conflicts, keyed like their entity, as the sync-service does. */
    public void sendConflicts(ConflictEvent... events) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (ConflictEvent event : events) {
            acks.add(producer.send(new ProducerRecord<>(Topics.CONFLICTS, event.envelope().key().recordKey(),
                    SyncJson.write(event))));
        }
        await(acks);
    }

    private static void await(List<Future<RecordMetadata>> acks) {
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send failed", e.getCause());
        }
    }

    /** Starts recording a topic from its current end. */
    public Recorder record(String topic) {
        Recorder recorder = new Recorder(bootstrap, topic);
        recorders.add(recorder);
        return recorder;
    }

    @Override
    public void close() {
        recorders.forEach(Recorder::close);
        producer.close(Duration.ofSeconds(5));
    }

    /** Everything a topic received after the recorder started, read by a background consumer. */
    public static final class Recorder implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer;
        private final List<ConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        Recorder(String bootstrap, String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            consumer = new KafkaConsumer<>(props);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // Resolve the end offsets now, so nothing sent after this constructor returns is missed.
            partitions.forEach(consumer::position);
            thread = new Thread(this::poll, "recorder-" + topic);
            thread.setDaemon(true);
            thread.start();
        }

        private void poll() {
            try {
                while (running) {
                    consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        }

        public List<ConsumerRecord<String, String>> records() {
            return List.copyOf(records);
        }

        public List<ResultEvent> receipts(String tenant) {
            return values(ResultEvent.class, event -> tenant.equals(event.tenant()));
        }

        /** Change envelopes (on sync.changes) of a tenant. */
        public List<ChangeEnvelope> changes(String tenant) {
            return values(ChangeEnvelope.class, envelope -> tenant.equals(envelope.tenant())
                    && envelope.change() != null && ChangeEnvelope.TYPE.equals(envelope.type()));
        }

        public List<ConflictEvent> conflicts(String tenant) {
            return values(ConflictEvent.class, event -> tenant.equals(event.envelope().tenant()));
        }

        public <T> List<T> values(Class<T> type, Predicate<T> filter) {
            List<T> result = new ArrayList<>();
            for (ConsumerRecord<String, String> record : records) {
                try {
                    T value = SyncJson.mapper().readValue(record.value(), type);
                    if (filter.test(value)) {
                        result.add(value);
                    }
                } catch (Exception notThisType) {
                    // records of other shapes (or poison) are not ours
                }
            }
            return result;
        }

        @Override
        public void close() {
            running = false;
            consumer.wakeup();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
