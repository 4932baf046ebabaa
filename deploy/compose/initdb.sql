-- Run once by the postgres image on an empty data directory: Prefect's server gets a database of its own.
CREATE DATABASE prefect OWNER newsingest;
