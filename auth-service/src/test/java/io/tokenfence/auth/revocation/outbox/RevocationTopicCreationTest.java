package io.tokenfence.auth.revocation.outbox;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.tokenfence.auth.config.AuthProperties;
import io.tokenfence.testsupport.junit.RealServices;
import io.tokenfence.testsupport.junit.RealServicesExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.kafka.core.KafkaAdmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The revocation topic auth-service creates at start carries the operator's replication settings. */
@RealServices
class RevocationTopicCreationTest {

    @Test
    void topicCreatedAtStartHasTheConfiguredMinInsyncReplicasOnTheRealBroker() throws Exception {
        String topic = "tokenfence-revocations-created-" + UUID.randomUUID();
        NewTopic definition = new OutboxConfiguration().revocationTopic(outbox(Map.of(
                "tokenfence.auth.revocations.topic", topic,
                "tokenfence.auth.revocations.min-insync-replicas", "1")), auth());

        // What Spring Kafka's KafkaAdmin does at start with every NewTopic bean.
        new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealServicesExtension.kafka()))
                .createOrModifyTopics(definition);

        ConfigEntry minInsync = topicConfig(topic).get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        assertThat(minInsync.value()).isEqualTo("1");
        assertThat(minInsync.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
    }

    @Test
    void productionSettingsGiveATopicOfThreeReplicasThatAcknowledgesOnlyOnTwo() {
        NewTopic definition = new OutboxConfiguration().revocationTopic(outbox(Map.of(
                "tokenfence.auth.revocations.replication-factor", "3",
                "tokenfence.auth.revocations.min-insync-replicas", "2")), auth());

        assertThat(definition.replicationFactor()).isEqualTo((short) 3);
        assertThat(definition.configs()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
    }

    @Test
    void withoutTheSettingTheTopicKeepsTheBrokerDefault() {
        NewTopic definition = new OutboxConfiguration().revocationTopic(outbox(Map.of()), auth());

        assertThat(definition.configs()).doesNotContainKey(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
    }

    @Test
    void minInsyncReplicasAboveTheReplicationFactorFailsAtStartNamingTheProperty() {
        assertThatThrownBy(() -> outbox(Map.of(
                "tokenfence.auth.revocations.replication-factor", "1",
                "tokenfence.auth.revocations.min-insync-replicas", "2")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("tokenfence.auth.revocations.min-insync-replicas");
    }

    private static OutboxProperties outbox(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("tokenfence.auth.revocations", OutboxProperties.class);
    }

    private static AuthProperties auth() {
        return new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("tokenfence.auth", AuthProperties.class);
    }

    private static Map<String, ConfigEntry> topicConfig(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealServicesExtension.kafka()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            return config.entries().stream().collect(java.util.stream.Collectors.toMap(ConfigEntry::name, e -> e));
        }
    }
}
