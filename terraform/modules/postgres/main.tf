resource "aws_kms_key" "db" {
  description             = "casemix database ${var.identifier}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_db_subnet_group" "this" {
  name       = var.identifier
  subnet_ids = var.subnet_ids
}

resource "aws_security_group" "db" {
  name        = "${var.identifier}-db"
  description = "PostgreSQL for casemix: reachable only from the cluster"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "clients" {
  for_each                     = toset(var.client_security_group_ids)
  security_group_id            = aws_security_group.db.id
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}

resource "aws_db_parameter_group" "this" {
  name   = var.identifier
  family = "postgres15"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
  # Every statement that changes the schema is logged (the audit trail keeps the data changes).
  parameter {
    name  = "log_statement"
    value = "ddl"
  }
  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }
}

resource "aws_db_instance" "this" {
  identifier     = var.identifier
  engine         = "postgres"
  engine_version = "15"
  instance_class = var.instance_class
  db_name        = "casemix"
  username       = "casemix_migrator"
  # The password lives in Secrets Manager, rotated by RDS; the functions' DATABASE_URL is built from
  # the casemix_app role (DML only), created by the migration job.
  manage_master_user_password = true

  allocated_storage     = var.allocated_storage_gb
  max_allocated_storage = var.max_allocated_storage_gb
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = aws_kms_key.db.arn

  # A synchronous standby in another availability zone, promoted automatically.
  multi_az               = true
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.db.id]
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.this.name

  # Point-in-time recovery: automated backups plus WAL, restorable to any second in the window.
  backup_retention_period  = var.backup_retention_days
  backup_window            = "18:00-19:00"
  maintenance_window       = "sun:19:30-sun:20:30"
  copy_tags_to_snapshot    = true
  delete_automated_backups = false

  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = false
  final_snapshot_identifier = "${var.identifier}-final"

  performance_insights_enabled    = true
  performance_insights_kms_key_id = aws_kms_key.db.arn
  auto_minor_version_upgrade      = true
  iam_database_authentication_enabled = true
}
