package io.meridian.training;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.empty;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meridian.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Every bad job specification is a 400 problem naming the field; the algorithms are listed with their ranges. */
@QuarkusTest
class JobSpecValidationTest {
    static Response submit(String body) {
        return given().header("Authorization", TestTokens.bearer(TestTokens.writer()))
            .contentType(ContentType.JSON).body(body).when().post("/v1/training-jobs");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"label\":\"churned\"}|dataset",
        "{\"dataset\":\"churn\"}|label",
        "{\"dataset\":\"churn\",\"label\":\" \"}|label",
        "{\"dataset\":\"churn\",\"trainingSet\":\"churn\",\"label\":\"churned\"}|trainingSet",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"colour\":\"red\"}|colour",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"algorithm\":\"svm\"}|algorithm",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"task\":\"ranking\"}|task",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"task\":\"regression\",\"algorithm\":\"logistic-regression\"}|algorithm",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"holdoutFraction\":1.5}|holdoutFraction",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"validation\":{\"kind\":\"holdout\",\"holdoutFraction\":0}}|-",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"validation\":{\"kind\":\"holdout\",\"holdoutFraction\":1}}|validation.holdoutFraction",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"validation\":{\"kind\":\"kfold\",\"folds\":1}}|validation.folds",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"validation\":{\"kind\":\"kfold\",\"folds\":1000000}}|validation.folds",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"validation\":{\"kind\":\"repeated-kfold\",\"repeats\":5000}}|validation.repeats",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"validation\":{\"kind\":\"kfold\",\"folds\":\"five\"}}|validation.folds",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"validation\":{\"kind\":\"bootstrap\"}}|validation.kind",
        "{\"dataset\":\"housing\",\"label\":\"price\",\"task\":\"regression\",\"validation\":{\"kind\":\"stratified-kfold\"}}|validation.kind",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"validation\":{\"kind\":\"kfold\",\"repeats\":3}}|validation.repeats",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"preprocessing\":{\"scaling\":\"log\"}}|preprocessing.scaling",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"preprocessing\":{\"imputation\":\"zero\"}}|preprocessing.imputation",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"preprocessing\":{\"oneHot\":{\"unseen\":\"drop\"}}}|preprocessing.oneHot.unseen",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"preprocessing\":{\"oneHot\":{\"maxLevels\":-1}}}|preprocessing.oneHot.maxLevels",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"preprocessing\":{\"pca\":{\"components\":2,\"varianceTarget\":0.9}}}|preprocessing.pca",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"preprocessing\":{\"pca\":{\"varianceTarget\":1.5}}}|preprocessing.pca.varianceTarget",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"preprocessing\":{\"selection\":{\"correlationThreshold\":1.2}}}|preprocessing.selection.correlationThreshold",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"features\":[{\"name\":\"tenure_months\",\"kind\":\"text\"}]}|features[0].kind",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"features\":[{\"name\":\"churned\",\"kind\":\"numeric\"}]}|features[0].name",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"features\":[{\"name\":\"a\",\"kind\":\"numeric\"},{\"name\":\"a\",\"kind\":\"numeric\"}]}|features[1].name",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"imbalance\":{\"strategy\":\"smote\"}}|imbalance.strategy",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"imbalance\":{\"strategy\":\"undersample\",\"ratio\":2}}|imbalance.ratio",
        "{\"dataset\":\"housing\",\"label\":\"price\",\"task\":\"regression\",\"imbalance\":{\"strategy\":\"oversample\"}}|imbalance",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"threshold\":{\"objective\":\"max-accuracy\"}}|threshold.objective",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"threshold\":{\"objective\":\"target-recall\"}}|threshold.target",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"threshold\":{\"objective\":\"target-recall\",\"target\":1.5}}|threshold.target",
        "{\"dataset\":\"housing\",\"label\":\"price\",\"task\":\"regression\",\"threshold\":{\"objective\":\"max-f1\"}}|threshold",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"task\":\"multiclass\",\"threshold\":{\"objective\":\"max-f1\"}}|threshold",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"search\":{\"strategy\":\"bayes\",\"space\":{}}}|search.strategy",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"search\":{\"space\":{}}}|search.space",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"search\":{\"space\":{\"noSuchParameter\":[1,2]}}}|search.space.noSuchParameter",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"search\":{\"space\":{\"epochs\":[1]},\"trials\":0}}|search.trials",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"search\":{\"space\":{\"epochs\":[1]},\"trials\":100000}}|search.trials",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"search\":{\"space\":{\"epochs\":[1]},\"metric\":\"rmse\",\"trials\":2},\"task\":\"binary\"}|search.metric",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"hyperparameters\":{\"noSuchParameter\":3}}|hyperparameters.noSuchParameter",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"hyperparameters\":\"many\"}|hyperparameters",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"seed\":\"abc\"}|seed",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"seed\":1.5}|seed",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"modelName\":\"bad name/x\"}|modelName",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"task\":\"regression\",\"algorithm\":\"linear-regression\",\"positiveClass\":\"true\"}|positiveClass",
    })
    void badSpecIsRejectedWithTheField(String body, String field) {
        if ("-".equals(field)) {
            // 0 means "the default" (0.2), as over gRPC: accepted
            submit(body).then().statusCode(202).body("spec.validation.holdoutFraction", equalTo(0.2f));
            return;
        }
        submit(body).then().statusCode(400).contentType("application/problem+json")
            .body("status", equalTo(400)).body("field", equalTo(field)).body("detail", containsString(" "));
    }

    @Test
    void aNegativeLearningRateIsRejectedForEveryAlgorithmThatHasOne() {
        JsonPath algorithms = given().get("/v1/algorithms").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> all = algorithms.getList("");
        int checked = 0;
        for (Map<String, Object> algorithm : all) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> parameters = (List<Map<String, Object>>) algorithm.get("hyperparameters");
            for (Map<String, Object> p : parameters) {
                String name = (String) p.get("name");
                if (name.toLowerCase(java.util.Locale.ROOT).contains("learning") || name.equals("eta")) {
                    String task = ((List<?>) algorithm.get("tasks")).get(0).toString();
                    String dataset = task.equals("regression") ? "housing\",\"label\":\"price"
                        : "churn\",\"label\":\"churned";
                    submit("{\"dataset\":\"" + dataset + "\",\"task\":\"" + task + "\",\"algorithm\":\""
                        + algorithm.get("id") + "\",\"hyperparameters\":{\"" + name + "\":-0.1}}")
                        .then().statusCode(400).body("field", equalTo("hyperparameters." + name))
                        .body("detail", containsString("-0.1"))
                        .body("detail", containsString("greater than 0"));
                    checked++;
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(checked >= 1, "no algorithm declares a learning rate: " + all);
    }

    @Test
    void algorithmsAreListedWithTheirHyperparameters() {
        given().get("/v1/algorithms").then().statusCode(200)
            .body("id", hasItems("logistic-regression", "linear-regression", "factorization-machine", "xgboost",
                "random-forest"))
            .body("find { it.id == 'xgboost' }.tasks", hasItems("binary", "regression"))
            .body("find { it.id == 'xgboost' }.hyperparameters", not(empty()))
            .body("find { it.id == 'xgboost' }.hyperparameters[0].type", not(equalTo(null)))
            .body("find { it.id == 'linear-regression' }.tasks", equalTo(List.of("regression")));
    }
}
