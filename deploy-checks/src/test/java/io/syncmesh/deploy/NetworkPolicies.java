package io.syncmesh.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Evaluates rendered NetworkPolicies the way Kubernetes does, for the cases the manifests use: pod and namespace
 * selectors (matchLabels, matchExpressions with In), ports by number or by name, policy types. A pod no policy of a
 * direction selects is open in that direction; a connection needs the sender's egress and the receiver's ingress.
 */
final class NetworkPolicies {

    /** A pod: its namespace (null: outside the cluster), labels and named container ports. */
    record Pod(String name, String namespace, Map<String, String> labels, Map<String, Integer> namedPorts) {

        static Pod outside(String name) {
            return new Pod(name, null, Map.of(), Map.of());
        }

        boolean inCluster() {
            return namespace != null;
        }

        /** Kubernetes labels every namespace with its own name. */
        Map<String, String> namespaceLabels() {
            return Map.of("kubernetes.io/metadata.name", namespace);
        }
    }

    private final List<JsonNode> policies;

    NetworkPolicies(Kustomize.Objects rendered) {
        this.policies = rendered.ofKind("NetworkPolicy").toList();
    }

    boolean allows(Pod from, Pod to, int port) {
        return (!from.inCluster() || allowedBy("Egress", from, to, to, port))
                && (!to.inCluster() || allowedBy("Ingress", to, from, to, port));
    }

    /** Whether the policies of one direction, on {@code subject}, let traffic with {@code peer} through. */
    private boolean allowedBy(String direction, Pod subject, Pod peer, Pod receiver, int port) {
        List<JsonNode> selecting = policies.stream()
                .filter(p -> namespaceOf(p).equals(subject.namespace()))
                .filter(p -> selects(p.path("spec").path("podSelector"), subject.labels()))
                .filter(p -> types(p).contains(direction)).toList();
        if (selecting.isEmpty()) {
            return true;
        }
        String rulesField = direction.equals("Ingress") ? "ingress" : "egress";
        String peersField = direction.equals("Ingress") ? "from" : "to";
        return selecting.stream().flatMap(p -> elements(p.path("spec").path(rulesField)).stream()
                .filter(rule -> peersMatch(rule.path(peersField), namespaceOf(p), peer)
                        && portsMatch(rule.path("ports"), receiver, port)))
                .findAny().isPresent();
    }

    private static List<String> types(JsonNode policy) {
        List<String> declared = elements(policy.path("spec").path("policyTypes")).stream().map(JsonNode::asText)
                .toList();
        if (!declared.isEmpty()) {
            return declared;
        }
        return policy.path("spec").has("egress") ? List.of("Ingress", "Egress") : List.of("Ingress");
    }

    private static boolean peersMatch(JsonNode peers, String policyNamespace, Pod peer) {
        if (peers.isMissingNode() || peers.isEmpty()) {
            return true;
        }
        return elements(peers).stream().anyMatch(p -> peerMatches(p, policyNamespace, peer));
    }

    private static boolean peerMatches(JsonNode peer, String policyNamespace, Pod pod) {
        if (peer.has("ipBlock")) {
            // Only the whole internet is used here, if at all; pods are addressed by selectors.
            return !pod.inCluster() && peer.path("ipBlock").path("cidr").asText().equals("0.0.0.0/0");
        }
        if (!pod.inCluster()) {
            return false;
        }
        boolean namespaceMatches = peer.has("namespaceSelector")
                ? selects(peer.path("namespaceSelector"), pod.namespaceLabels())
                : pod.namespace().equals(policyNamespace);
        boolean podMatches = !peer.has("podSelector") || selects(peer.path("podSelector"), pod.labels());
        return namespaceMatches && podMatches;
    }

    private static boolean portsMatch(JsonNode ports, Pod receiver, int port) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        return elements(ports).stream().anyMatch(p -> {
            JsonNode value = p.path("port");
            if (value.isMissingNode()) {
                return true;
            }
            Optional<Integer> number = value.isInt()
                    ? Optional.of(value.asInt())
                    : Optional.ofNullable(receiver.namedPorts().get(value.asText()));
            return number.isPresent() && number.get() == port;
        });
    }

    /** A label selector: every matchLabels pair and every In expression holds; an empty selector selects all. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        boolean labelsMatch = selector.path("matchLabels").properties().stream()
                .allMatch(e -> e.getValue().asText().equals(labels.get(e.getKey())));
        boolean expressionsMatch = elements(selector.path("matchExpressions")).stream().allMatch(e -> {
            if (!e.path("operator").asText().equals("In")) {
                throw new IllegalArgumentException("operator not modelled: " + e);
            }
            return elements(e.path("values")).stream().anyMatch(v -> v.asText().equals(labels.get(e.path("key")
                    .asText())));
        });
        return labelsMatch && expressionsMatch;
    }

    private static String namespaceOf(JsonNode object) {
        return object.path("metadata").path("namespace").asText();
    }

    private static List<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
