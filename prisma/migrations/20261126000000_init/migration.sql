-- 绩效通 initial schema. Written by hand to match prisma/schema.prisma (Prisma Migrate cannot run
-- offline); tests/integration/schema-drift.test.ts checks the two agree.

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('REPORTER', 'REVIEWER', 'LEADER', 'ADMIN', 'SECURITY_OFFICER', 'AUDITOR');
CREATE TYPE "UserStatus" AS ENUM ('ACTIVE', 'DISABLED');
CREATE TYPE "Level1" AS ENUM ('OUTPUT', 'BENEFIT', 'SATISFACTION');
CREATE TYPE "Category" AS ENUM ('QUANTITY', 'QUALITY', 'TIMELINESS', 'COST', 'ECONOMIC', 'SOCIAL', 'ECOLOGICAL', 'SUSTAINABILITY', 'SATISFACTION');
CREATE TYPE "Comparator" AS ENUM ('GTE', 'LTE', 'EQ', 'GT', 'LT', 'QUALITATIVE');
CREATE TYPE "Direction" AS ENUM ('FORWARD', 'REVERSE');
CREATE TYPE "Likelihood" AS ENUM ('CERTAIN', 'POSSIBLE', 'IMPOSSIBLE');
CREATE TYPE "DeviationCause" AS ENUM ('FUNDING', 'RULES', 'STAFFING', 'EQUIPMENT', 'OTHER');
CREATE TYPE "ReviewStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED');
CREATE TYPE "AuditOutcome" AS ENUM ('SUCCESS', 'DENIED', 'FAILURE');

-- CreateTable
CREATE TABLE "Department" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Department_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "FiscalYear" (
    "id" UUID NOT NULL,
    "departmentId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "targetsLockedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    CONSTRAINT "FiscalYear_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Unit" (
    "id" UUID NOT NULL,
    "departmentId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "Unit_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Project" (
    "id" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "fiscalYearId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "budget" DECIMAL(18,2) NOT NULL,
    "annualGoal" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Indicator" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "level1" "Level1" NOT NULL,
    "category" "Category" NOT NULL,
    "name" TEXT NOT NULL,
    "comparator" "Comparator" NOT NULL,
    "targetValue" DECIMAL(24,8),
    "targetText" TEXT,
    "unitOfMeasure" TEXT NOT NULL DEFAULT '',
    "direction" "Direction",
    "rawText" TEXT NOT NULL,
    "weight" DECIMAL(6,2),
    "sortOrder" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Indicator_pkey" PRIMARY KEY ("id"),
    -- exactly one of the two target forms (a qualitative target has no number)
    CONSTRAINT "Indicator_target_form_check" CHECK (
        ("comparator" = 'QUALITATIVE' AND "targetText" IS NOT NULL AND "targetValue" IS NULL)
        OR ("comparator" <> 'QUALITATIVE' AND "targetValue" IS NOT NULL AND "targetText" IS NULL))
);

CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "status" "UserStatus" NOT NULL DEFAULT 'ACTIVE',
    "unitId" UUID,
    "departmentId" UUID,
    "sessionVersion" INTEGER NOT NULL DEFAULT 1,
    "passwordChangedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastLoginAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "User_pkey" PRIMARY KEY ("id"),
    -- reporters and reviewers act for exactly one unit (domain.md, roles)
    CONSTRAINT "User_unit_scope_check" CHECK ("role" NOT IN ('REPORTER', 'REVIEWER') OR "unitId" IS NOT NULL)
);

CREATE TABLE "MonthlyReport" (
    "id" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "fiscalYearId" UUID NOT NULL,
    "month" INTEGER NOT NULL,
    "status" "ReviewStatus" NOT NULL DEFAULT 'DRAFT',
    "submittedAt" TIMESTAMPTZ(3),
    "submittedById" UUID,
    "reviewedAt" TIMESTAMPTZ(3),
    "reviewedById" UUID,
    "reviewComment" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "MonthlyReport_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "MonthlyReport_month_check" CHECK ("month" BETWEEN 1 AND 12)
);

CREATE TABLE "CheckIn" (
    "id" UUID NOT NULL,
    "indicatorId" UUID NOT NULL,
    "reportId" UUID,
    "asOfDate" DATE NOT NULL,
    "actualValue" DECIMAL(24,8),
    "actualText" TEXT,
    "forecastValue" DECIMAL(24,8),
    "forecastText" TEXT,
    "likelihood" "Likelihood",
    "deviationCause" "DeviationCause",
    "correctiveAction" TEXT,
    "note" TEXT,
    "createdById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "CheckIn_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Evidence" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "checkInId" UUID,
    "expenditureId" UUID,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storagePath" TEXT NOT NULL,
    "uploadedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Evidence_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Expenditure" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "amount" DECIMAL(18,2) NOT NULL,
    "payee" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "voucherNo" TEXT,
    "economicClass" TEXT,
    "reversalOfId" UUID,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Expenditure_pkey" PRIMARY KEY ("id"),
    -- a negative amount is only ever a reversal (冲销) of a named original
    CONSTRAINT "Expenditure_reversal_check" CHECK ("amount" >= 0 OR "reversalOfId" IS NOT NULL)
);

CREATE TABLE "BudgetAdjustment" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "amount" DECIMAL(18,2) NOT NULL,
    "reason" TEXT NOT NULL,
    "approvedBy" TEXT NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BudgetAdjustment_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "SelfEvaluation" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "status" "ReviewStatus" NOT NULL DEFAULT 'DRAFT',
    "achievementText" TEXT NOT NULL DEFAULT '',
    "totalScore" DECIMAL(6,2),
    "grade" TEXT,
    "weightReason" TEXT,
    "submittedAt" TIMESTAMPTZ(3),
    "approvedAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "SelfEvaluation_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "SelfEvaluationItem" (
    "id" UUID NOT NULL,
    "selfEvaluationId" UUID NOT NULL,
    "indicatorId" UUID NOT NULL,
    "weight" DECIMAL(6,2) NOT NULL,
    "actualText" TEXT NOT NULL DEFAULT '',
    "computedScore" DECIMAL(6,2),
    "overrideScore" DECIMAL(6,2),
    "overrideReason" TEXT,
    "band" TEXT,
    "bandPercent" DECIMAL(5,2),
    "deviationAnalysis" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "SelfEvaluationItem_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" UUID,
    "username" TEXT,
    "ip" TEXT,
    "action" TEXT NOT NULL,
    "objectType" TEXT,
    "objectId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "outcome" "AuditOutcome" NOT NULL,
    "detail" TEXT,
    "prevHash" TEXT,
    "hash" TEXT,
    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Department_code_key" ON "Department"("code");
CREATE UNIQUE INDEX "FiscalYear_departmentId_year_key" ON "FiscalYear"("departmentId", "year");
CREATE UNIQUE INDEX "Unit_code_key" ON "Unit"("code");
CREATE INDEX "Unit_departmentId_idx" ON "Unit"("departmentId");
CREATE INDEX "Project_unitId_idx" ON "Project"("unitId");
CREATE UNIQUE INDEX "Project_fiscalYearId_unitId_name_key" ON "Project"("fiscalYearId", "unitId", "name");
CREATE INDEX "Indicator_projectId_sortOrder_idx" ON "Indicator"("projectId", "sortOrder");
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");
CREATE INDEX "User_unitId_idx" ON "User"("unitId");
CREATE UNIQUE INDEX "MonthlyReport_unitId_fiscalYearId_month_key" ON "MonthlyReport"("unitId", "fiscalYearId", "month");
CREATE INDEX "CheckIn_indicatorId_asOfDate_idx" ON "CheckIn"("indicatorId", "asOfDate");
CREATE INDEX "Evidence_projectId_idx" ON "Evidence"("projectId");
CREATE INDEX "Expenditure_projectId_date_idx" ON "Expenditure"("projectId", "date");
CREATE INDEX "BudgetAdjustment_projectId_date_idx" ON "BudgetAdjustment"("projectId", "date");
CREATE UNIQUE INDEX "SelfEvaluation_projectId_key" ON "SelfEvaluation"("projectId");
CREATE UNIQUE INDEX "SelfEvaluationItem_selfEvaluationId_indicatorId_key" ON "SelfEvaluationItem"("selfEvaluationId", "indicatorId");
CREATE INDEX "AuditEvent_occurredAt_idx" ON "AuditEvent"("occurredAt");
CREATE INDEX "AuditEvent_userId_occurredAt_idx" ON "AuditEvent"("userId", "occurredAt");

-- AddForeignKey
ALTER TABLE "FiscalYear" ADD CONSTRAINT "FiscalYear_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Unit" ADD CONSTRAINT "Unit_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Project" ADD CONSTRAINT "Project_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Project" ADD CONSTRAINT "Project_fiscalYearId_fkey" FOREIGN KEY ("fiscalYearId") REFERENCES "FiscalYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Indicator" ADD CONSTRAINT "Indicator_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "User" ADD CONSTRAINT "User_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "User" ADD CONSTRAINT "User_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "MonthlyReport" ADD CONSTRAINT "MonthlyReport_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "MonthlyReport" ADD CONSTRAINT "MonthlyReport_fiscalYearId_fkey" FOREIGN KEY ("fiscalYearId") REFERENCES "FiscalYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "MonthlyReport"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_checkInId_fkey" FOREIGN KEY ("checkInId") REFERENCES "CheckIn"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_expenditureId_fkey" FOREIGN KEY ("expenditureId") REFERENCES "Expenditure"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Expenditure" ADD CONSTRAINT "Expenditure_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Expenditure" ADD CONSTRAINT "Expenditure_reversalOfId_fkey" FOREIGN KEY ("reversalOfId") REFERENCES "Expenditure"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "BudgetAdjustment" ADD CONSTRAINT "BudgetAdjustment_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SelfEvaluation" ADD CONSTRAINT "SelfEvaluation_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SelfEvaluationItem" ADD CONSTRAINT "SelfEvaluationItem_selfEvaluationId_fkey" FOREIGN KEY ("selfEvaluationId") REFERENCES "SelfEvaluation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SelfEvaluationItem" ADD CONSTRAINT "SelfEvaluationItem_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The audit trail is append-only (等保 2.0 安全审计): no UPDATE or DELETE, whoever asks.
CREATE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent is append-only';
END;
$$;
CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();
