package io.meridian.ingest.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.ingest.model.Cleansing;
import io.meridian.ingest.model.DatasetContract;
import io.meridian.ingest.model.Deduplication;
import io.meridian.ingest.model.FieldDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Versioned dataset contracts in table {@code dataset_contract}: fields as JSONB, the key fields joined with ','
 * in {@code key_field}, and the contract-level options (composite key, cleansing, deduplication, rules,
 * retention) as JSONB in {@code options} (null for v1 contracts).
 */
@ApplicationScoped
public class ContractRepository {
    private static final TypeReference<List<FieldDefinition>> FIELDS = new TypeReference<>() {
    };
    private static final String COLUMNS = "name, version, fields, key_field, label_field, created_at, options";

    private final DataSource dataSource;
    private final ObjectMapper json;

    /** The {@code options} column. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Options(List<String> keyFields, Cleansing cleansing, Deduplication deduplicate, List<String> rules,
        String retention) {
    }

    public ContractRepository(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** The newest version of the dataset's contract. */
    public Optional<DatasetContract> latest(String name) {
        List<DatasetContract> found = query("SELECT " + COLUMNS
            + " FROM dataset_contract WHERE name = ? ORDER BY version DESC LIMIT 1", name, null);
        return found.stream().findFirst();
    }

    /** One version of the dataset's contract. */
    public Optional<DatasetContract> find(String name, int version) {
        return query("SELECT " + COLUMNS + " FROM dataset_contract WHERE name = ? AND version = ?", name, version)
            .stream().findFirst();
    }

    /** Every version of the dataset's contract, oldest first. */
    public List<DatasetContract> all(String name) {
        return query("SELECT " + COLUMNS + " FROM dataset_contract WHERE name = ? ORDER BY version", name, null);
    }

    /** The newest version of every dataset's contract. */
    public List<DatasetContract> latestOfAll() {
        return query("SELECT DISTINCT ON (name) " + COLUMNS + " FROM dataset_contract ORDER BY name, version DESC",
            null, null);
    }

    /** Inserts a new version; false when that version already exists (a concurrent writer won). */
    public boolean insert(DatasetContract contract) {
        String sql = "INSERT INTO dataset_contract (" + COLUMNS + ") VALUES (?, ?, ?::jsonb, ?, ?, ?, ?::jsonb) "
            + "ON CONFLICT (name, version) DO NOTHING";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, contract.name());
            ps.setInt(2, contract.version());
            ps.setString(3, json.writeValueAsString(contract.fields()));
            ps.setString(4, contract.key());
            ps.setString(5, contract.label());
            ps.setTimestamp(6, Timestamp.from(contract.createdAt()));
            ps.setString(7, json.writeValueAsString(new Options(contract.keyFields(), contract.cleansing(),
                contract.deduplicate(), contract.rules().isEmpty() ? null : contract.rules(), contract.retention())));
            return ps.executeUpdate() == 1;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not store contract " + contract.name(), e);
        }
    }

    private List<DatasetContract> query(String sql, String name, Integer version) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (name != null) {
                ps.setString(1, name);
            }
            if (version != null) {
                ps.setInt(2, version);
            }
            List<DatasetContract> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not read contract " + name, e);
        }
    }

    private DatasetContract map(ResultSet rs) throws SQLException, JsonProcessingException {
        Instant created = rs.getTimestamp("created_at").toInstant();
        String optionsJson = rs.getString("options");
        Options options = optionsJson == null ? new Options(null, null, null, null, null)
            : json.readValue(optionsJson, Options.class);
        List<String> keys = options.keyFields() != null ? options.keyFields() : List.of(rs.getString("key_field"));
        return new DatasetContract(rs.getString("name"), rs.getInt("version"),
            json.readValue(rs.getString("fields"), FIELDS), keys, rs.getString("label_field"), options.cleansing(),
            options.deduplicate(), options.rules(), options.retention(), created);
    }
}
