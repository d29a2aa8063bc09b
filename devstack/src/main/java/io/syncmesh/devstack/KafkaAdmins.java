package io.syncmesh.devstack;

import java.util.Map;

import org.apache.kafka.clients.admin.Admin;

/**
 * Creates Admin clients with Kafka's own class loader as the thread's context class loader. Kafka loads plugin classes
 * (such as its JMX reporter) through the context class loader; inside a Quarkus test resource that is Quarkus' loader,
 * which has its own copy of kafka-clients, and the client fails with a ClassCastException.
 */
final class KafkaAdmins {

    private KafkaAdmins() {
    }

    static Admin create(Map<String, Object> config) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Admin.class.getClassLoader());
        try {
            return Admin.create(config);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
