package io.meridian.ingest.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

import io.meridian.ingest.config.IngestConfig;
import io.meridian.ingest.model.DatasetContract;
import io.meridian.ingest.model.FieldDefinition;
import io.meridian.ingest.model.RunSummary;
import io.meridian.ingest.service.ContractService;
import io.meridian.ingest.service.IngestionService;
import io.meridian.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one loop that turns a file (an upload body or an inbox file) of any {@link FileFormat} into an
 * ingestion run: checks the declared columns against the contract, then feeds every record the reader
 * yields to {@link IngestionService.Run#offer} and every unparseable one to {@link IngestionService.Run#reject}.
 * Problems of the input as a whole (empty, bad header, header lacking a mandatory column, not an array) are
 * a 400 problem before any run starts.
 */
@ApplicationScoped
public class FileIngestion {
    private static final Logger LOG = Logger.getLogger(FileIngestion.class);

    private final ContractService contracts;
    private final IngestionService ingestion;
    private final IngestConfig config;

    public FileIngestion(ContractService contracts, IngestionService ingestion, IngestConfig config) {
        this.contracts = contracts;
        this.ingestion = ingestion;
        this.config = config;
    }

    /** The limits every reader works with: the row limit of the configuration and the JSON depth limit. */
    public ReadLimits limits() {
        return new ReadLimits(config.maxRowChars(), ReadLimits.DEFAULT_MAX_DEPTH);
    }

    /**
     * Ingests one input as one run.
     *
     * @param source     the name in record coordinates ({@code upload.csv}, an inbox file name)
     * @param runSource  the run's source as recorded in lineage ({@code csv}, {@code json}, {@code inbox}, ...)
     */
    public RunSummary ingest(String dataset, FileFormat format, CsvOptions csv, InputStream in, String source,
        String runSource) {
        DatasetContract contract = contracts.current(dataset);
        // every byte the reader pulls is counted and hashed: the run's lineage carries the input's size and SHA-256
        IngestionService.InputTally tally = new IngestionService.InputTally();
        // read (and counted and hashed) ahead on another thread while this one parses
        ReadAheadInputStream ahead = new ReadAheadInputStream(tally.wrap(in));
        RecordReader reader;
        try {
            reader = RecordReaders.open(format, ahead, csv, limits(), source);
        } catch (IOException e) {
            ahead.close();
            throw ProblemException.badRequest("body", "The upload could not be read: " + e.getMessage());
        } catch (RuntimeException e) {
            ahead.close();
            throw e;
        }
        try (reader) {
            reader.columns().ifPresent(columns -> checkColumns(contract, columns, csv.header()));
            return feed(dataset, reader, runSource, tally);
        } catch (IOException e) {
            LOG.debugf("closing the input of dataset %s failed: %s", dataset, e);
            throw ProblemException.badRequest("body", "The upload could not be read: " + e.getMessage());
        }
    }

    private RunSummary feed(String dataset, RecordReader reader, String runSource, IngestionService.InputTally tally) {
        IngestionService.Run run = ingestion.start(dataset, runSource, tally);
        long records = 0;
        try {
            RecordReader.Item item;
            while ((item = reader.next()) != null) {
                records++;
                if (item.ok()) {
                    run.offer(item.record());
                } else {
                    run.reject(item.record(), item.field(), item.error());
                }
            }
            return run.finish();
        } catch (IOException e) {
            run.fail(e);
            throw ProblemException.badRequest("body", "The upload could not be read to the end (after record "
                + records + "): " + e.getMessage());
        } catch (RuntimeException e) {
            run.fail(e);
            throw e;
        }
    }

    /**
     * Every mandatory (required or key) contract field must be a column, unless the contract fills it (a default
     * or an imputation); extra columns are ignored.
     */
    static void checkColumns(DatasetContract contract, List<String> columns, boolean header) {
        Set<String> present = new HashSet<>(columns);
        for (FieldDefinition f : contract.fields()) {
            boolean filled = f.defaultValue() != null || f.impute() != null;
            if (contract.mandatory(f) && !filled && !present.contains(f.name())) {
                throw ProblemException.badRequest(f.name(), "The " + (header ? "header" : "columns parameter")
                    + " has no column '" + f.name() + "', which contract version " + contract.version()
                    + " of dataset '" + contract.name() + "' requires.");
            }
        }
    }
}
