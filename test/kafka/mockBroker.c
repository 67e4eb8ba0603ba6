/*
 * A one-broker Kafka cluster for the tests and the benchmark: librdkafka's
 * mock cluster (librdkafka-dev), which speaks enough of the protocol for
 * producers (pmacct's librdkafka, our client) and for kcat.
 *
 *   mockBroker [-p partitions] topic ...
 *
 * Prints the bootstrap address ("127.0.0.1:port") on the first line of
 * stdout, then reads commands on stdin, one per line:
 *   down   disconnect every client and refuse new connections (an outage
 *          that keeps what the broker already stored)
 *   up     accept connections again
 * and answers each with "ok <command>". It exits when stdin closes, so it
 * never outlives the test that started it.
 *
 * Each topic gets 4 partitions unless -p says otherwise: the mock keeps
 * only a few MB per partition, so fewer partitions lose messages under load.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

int main(int argc, char **argv) {
  char errstr[512];
  int partitions = 4;
  int first = 1;
  if (argc > 2 && strcmp(argv[1], "-p") == 0) {
    partitions = atoi(argv[2]);
    first = 3;
  }
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  /* The mock is the only thing this handle is for: keep its log quiet. */
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (rk == NULL) {
    fprintf(stderr, "rd_kafka_new: %s\n", errstr);
    return 1;
  }
  rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(rk, 1);
  if (cluster == NULL) {
    fprintf(stderr, "rd_kafka_mock_cluster_new failed\n");
    return 1;
  }
  for (int i = first; i < argc; i++) {
    rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(cluster, argv[i], partitions, 1);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      fprintf(stderr, "topic %s: %s\n", argv[i], rd_kafka_err2str(err));
      return 1;
    }
  }
  printf("%s\n", rd_kafka_mock_cluster_bootstraps(cluster));
  fflush(stdout);

  char line[256];
  while (fgets(line, sizeof line, stdin) != NULL) {
    line[strcspn(line, "\r\n")] = '\0';
    if (line[0] == '\0') continue;
    rd_kafka_resp_err_t err;
    if (strcmp(line, "down") == 0) err = rd_kafka_mock_broker_set_down(cluster, 1);
    else if (strcmp(line, "up") == 0) err = rd_kafka_mock_broker_set_up(cluster, 1);
    else {
      printf("error unknown command %s\n", line);
      fflush(stdout);
      continue;
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) printf("error %s %s\n", line, rd_kafka_err2str(err));
    else printf("ok %s\n", line);
    fflush(stdout);
  }
  /* Clients may still be connected: tearing the cluster down could wait on them, and nothing needs it. */
  fflush(stdout);
  _exit(0);
}
