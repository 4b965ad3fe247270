-- Job API v2: the result report (per-fold metrics, baseline, confusion matrix, curves, trials, importance,
-- lineage, ...) and the v2 job specification.
ALTER TABLE training_job ADD COLUMN result JSONB;

-- v1 specifications become v2 ones with the same meaning: the dataset named a feature-service training set,
-- validation was a holdout, features were the numeric columns, preprocessing mean imputation + standardisation.
UPDATE training_job SET spec = jsonb_build_object(
        'trainingSet', spec->>'dataset',
        'label', spec->>'label',
        'algorithm', spec->>'algorithm',
        'hyperparameters', COALESCE(spec->'hyperparameters', '{}'::jsonb),
        'preprocessing', jsonb_build_object('imputation', 'mean', 'fillValue', 0, 'missingIndicators', false,
            'categoricalImputation', 'most-frequent', 'categoricalFill', 'missing',
            'oneHot', jsonb_build_object('unseen', 'ignore', 'maxLevels', 0), 'scaling', 'standard'),
        'validation', jsonb_build_object('kind', 'holdout', 'folds', 0, 'repeats', 1,
            'holdoutFraction', COALESCE((spec->>'holdoutFraction')::double precision, 0.2)),
        'permutationImportance', false,
        'seed', COALESCE((spec->>'seed')::bigint, 0),
        'modelName', spec->>'modelName',
        'numericOnly', true)
    WHERE NOT spec ? 'validation';

-- GET /v1/training-jobs lists the newest first
CREATE INDEX training_job_created ON training_job (created_at DESC);
