-- AlterTable
ALTER TABLE "AuthToken" ADD COLUMN     "apps" TEXT,
ADD COLUMN     "lastApp" TEXT;

-- CreateTable
CREATE TABLE "ProtectedApp" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "pathPrefix" TEXT NOT NULL DEFAULT '/',
    "allowGroups" TEXT NOT NULL DEFAULT '[]',
    "allowUsers" TEXT NOT NULL DEFAULT '[]',
    "clients" TEXT NOT NULL DEFAULT 'full',
    "public" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProtectedApp_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ProtectedApp_name_key" ON "ProtectedApp"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ProtectedApp_origin_pathPrefix_key" ON "ProtectedApp"("origin", "pathPrefix");


