package io.meridian.ingest.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.ingest.model.DatasetContract;
import io.meridian.ingest.model.FieldDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/** Versioned dataset contracts in table {@code dataset_contract}. */
@ApplicationScoped
public class ContractRepository {
    private static final TypeReference<List<FieldDefinition>> FIELDS = new TypeReference<>() {
    };
    private static final String COLUMNS = "name, version, fields, key_field, label_field, created_at";

    private final DataSource dataSource;
    private final ObjectMapper json;

    public ContractRepository(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** The newest version of the dataset's contract. */
    public Optional<DatasetContract> latest(String name) {
        return query("SELECT " + COLUMNS + " FROM dataset_contract WHERE name = ? ORDER BY version DESC LIMIT 1",
            name, null);
    }

    /** One version of the dataset's contract. */
    public Optional<DatasetContract> find(String name, int version) {
        return query("SELECT " + COLUMNS + " FROM dataset_contract WHERE name = ? AND version = ?", name, version);
    }

    /** Inserts a new version; false when that version already exists (a concurrent writer won). */
    public boolean insert(DatasetContract contract) {
        String sql = "INSERT INTO dataset_contract (" + COLUMNS + ") VALUES (?, ?, ?::jsonb, ?, ?, ?) "
            + "ON CONFLICT (name, version) DO NOTHING";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, contract.name());
            ps.setInt(2, contract.version());
            ps.setString(3, json.writeValueAsString(contract.fields()));
            ps.setString(4, contract.key());
            ps.setString(5, contract.label());
            ps.setTimestamp(6, Timestamp.from(contract.createdAt()));
            return ps.executeUpdate() == 1;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not store contract " + contract.name(), e);
        }
    }

    private Optional<DatasetContract> query(String sql, String name, Integer version) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            if (version != null) {
                ps.setInt(2, version);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Instant created = rs.getTimestamp("created_at").toInstant();
                return Optional.of(new DatasetContract(rs.getString("name"), rs.getInt("version"),
                    json.readValue(rs.getString("fields"), FIELDS), rs.getString("key_field"),
                    rs.getString("label_field"), created));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not read contract " + name, e);
        }
    }
}
