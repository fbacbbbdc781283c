import request from 'supertest';
import {
  bearer,
  insertModel,
  insertOrganization,
  insertUser,
  ModelFixture,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const PRICE_FORMAT_MESSAGE =
  'must be a decimal string with at most 12 digits before and 12 after the point and no exponent, such as "2.5" or "0.15"';

const validBody = {
  name: 'gpt-4o',
  displayName: 'GPT-4o',
  provider: 'openai',
  inputPricePerMillion: '2.50',
  outputPricePerMillion: '10',
  currency: 'USD',
};

describe('super-admin models', () => {
  let testApp: TestApp;
  let member: UserFixture;
  let superAdmin: UserFixture;
  let existing: ModelFixture;

  beforeAll(async () => {
    testApp = await startTestApp('models_super_admin');
    const { dataSource } = testApp;
    const organization = await insertOrganization(dataSource, 'Platform');
    member = await insertUser(dataSource, {
      organizationId: organization.id,
      email: 'member@platform.example',
    });
    superAdmin = await insertUser(dataSource, {
      organizationId: organization.id,
      email: 'root@platform.example',
      systemRole: 'super_admin',
    });
    existing = await insertModel(dataSource, {
      name: 'mistral-small',
      displayName: 'Mistral Small',
      provider: 'mistral',
      inputPricePerMillion: '0.2',
      outputPricePerMillion: '0.6',
      currency: 'EUR',
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  const post = (body: unknown, user: UserFixture = superAdmin) =>
    request(testApp.server)
      .post('/api/super-admin/models')
      .set('Authorization', bearer(user))
      .send(body as object);

  const patch = (
    modelId: string,
    body: unknown,
    user: UserFixture = superAdmin,
  ) =>
    request(testApp.server)
      .patch(`/api/super-admin/models/${modelId}`)
      .set('Authorization', bearer(user))
      .send(body as object);

  async function storedPrices(modelId: string) {
    const rows: { input: string | null; output: string | null }[] =
      await testApp.dataSource.query(
        `SELECT input_price_per_million AS input, output_price_per_million AS output
         FROM models WHERE id = $1`,
        [modelId],
      );

    return rows[0];
  }

  describe('POST /api/super-admin/models', () => {
    it('creates a priced model', async () => {
      const response = await post(validBody);

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'gpt-4o',
        displayName: 'GPT-4o',
        provider: 'openai',
        inputPricePerMillion: '2.5',
        outputPricePerMillion: '10',
        currency: 'USD',
        createdAt: response.body.createdAt,
        updatedAt: response.body.createdAt,
      });
      expect(await storedPrices(response.body.id)).toEqual({
        input: '2.500000000000',
        output: '10.000000000000',
      });
    });

    it('creates an unpriced model', async () => {
      const response = await post({
        name: 'local-llama',
        displayName: 'Local Llama',
        provider: 'self-hosted',
        currency: 'USD',
      });

      expect(response.status).toBe(201);
      expect(response.body.inputPricePerMillion).toBeNull();
      expect(response.body.outputPricePerMillion).toBeNull();
      expect(await storedPrices(response.body.id)).toEqual({
        input: null,
        output: null,
      });
    });

    it('keeps the 12 fraction digits of a price', async () => {
      const response = await post({
        ...validBody,
        name: 'tiny-price',
        inputPricePerMillion: '0.000000000001',
        outputPricePerMillion: '999999999999.999999999999',
      });

      expect(response.status).toBe(201);
      expect(response.body.inputPricePerMillion).toBe('0.000000000001');
      expect(response.body.outputPricePerMillion).toBe(
        '999999999999.999999999999',
      );
    });

    it('rejects a duplicate name with 409', async () => {
      const response = await post({ ...validBody, name: 'mistral-small' });

      expect(response.status).toBe(409);
      expect(response.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: 'A model named "mistral-small" already exists',
        details: [
          { field: 'name', message: 'is already in use; choose another name' },
        ],
        path: '/api/super-admin/models',
        requestId: expect.any(String),
      });
    });

    it('forbids a member', async () => {
      const response = await post({ ...validBody, name: 'by-member' }, member);

      expect(response.status).toBe(403);
    });

    const badBodies: [string, object, string, string][] = [
      [
        'empty name',
        { name: '' },
        'name',
        'must be a string of 1 to 200 characters without leading or trailing whitespace',
      ],
      [
        'padded name',
        { name: ' gpt ' },
        'name',
        'must be a string of 1 to 200 characters without leading or trailing whitespace',
      ],
      [
        'long display name',
        { displayName: 'x'.repeat(201) },
        'displayName',
        'must be a string of 1 to 200 characters without leading or trailing whitespace',
      ],
      [
        'missing display name',
        { displayName: undefined },
        'displayName',
        'is required and must be a string of 1 to 200 characters without leading or trailing whitespace',
      ],
      [
        'upper-case provider',
        { provider: 'OpenAI' },
        'provider',
        'must be a lower-case slug of 1 to 64 letters, digits, dots, hyphens or underscores that starts with a letter or digit, such as openai',
      ],
      [
        'lower-case currency',
        { currency: 'usd' },
        'currency',
        'must be an upper-case ISO 4217 currency code such as USD or EUR',
      ],
      [
        'unknown currency',
        { currency: 'XYZ' },
        'currency',
        'XYZ is not a known ISO 4217 currency code; use one such as USD or EUR',
      ],
      [
        'number price',
        { inputPricePerMillion: 2.5 },
        'inputPricePerMillion',
        'must be a JSON string such as "2.5", not a number, so that the price never passes through a float',
      ],
      [
        'negative price',
        { outputPricePerMillion: '-1' },
        'outputPricePerMillion',
        'must not be negative',
      ],
      [
        'exponent price',
        { inputPricePerMillion: '1e3' },
        'inputPricePerMillion',
        PRICE_FORMAT_MESSAGE,
      ],
      [
        '13 fraction digits',
        { inputPricePerMillion: '0.1234567890123' },
        'inputPricePerMillion',
        PRICE_FORMAT_MESSAGE,
      ],
      [
        '13 integer digits',
        { inputPricePerMillion: '1234567890123' },
        'inputPricePerMillion',
        PRICE_FORMAT_MESSAGE,
      ],
      [
        'input price alone',
        { outputPricePerMillion: undefined },
        'outputPricePerMillion',
        'must be set together with inputPricePerMillion; set both prices or neither',
      ],
      [
        'output price alone',
        { inputPricePerMillion: null },
        'inputPricePerMillion',
        'must be set together with outputPricePerMillion; set both prices or neither',
      ],
      [
        'unknown field',
        { color: 'red' },
        'color',
        'property color should not exist',
      ],
    ];

    it.each(badBodies)(
      'rejects %s with 400',
      async (_case, change, field, message) => {
        const response = await post({
          ...validBody,
          name: 'rejected',
          ...change,
        });

        expect(response.status).toBe(400);
        expect(response.body.details).toEqual([{ field, message }]);
      },
    );

    it('stores nothing for a rejected body', async () => {
      const rows: unknown[] = await testApp.dataSource.query(
        `SELECT id FROM models WHERE name = 'rejected'`,
      );

      expect(rows).toEqual([]);
    });
  });

  describe('PATCH /api/super-admin/models/:modelId', () => {
    let model: ModelFixture;

    beforeEach(async () => {
      model = await insertModel(testApp.dataSource, {
        name: `patched-${Date.now()}-${Math.random()}`,
        displayName: 'Patched',
        provider: 'openai',
        inputPricePerMillion: '1',
        outputPricePerMillion: '2',
      });
    });

    it('changes the display name only', async () => {
      const response = await patch(model.id, { displayName: 'Renamed' });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        id: model.id,
        name: model.name,
        displayName: 'Renamed',
        provider: 'openai',
        inputPricePerMillion: '1',
        outputPricePerMillion: '2',
        currency: 'USD',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    });

    it('changes every field', async () => {
      const response = await patch(model.id, {
        name: `${model.name}-v2`,
        displayName: 'V2',
        provider: 'azure-openai',
        inputPricePerMillion: '0.001',
        outputPricePerMillion: '0',
        currency: 'JPY',
      });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        name: `${model.name}-v2`,
        displayName: 'V2',
        provider: 'azure-openai',
        inputPricePerMillion: '0.001',
        outputPricePerMillion: '0',
        currency: 'JPY',
      });
    });

    it('changes one price', async () => {
      const response = await patch(model.id, { outputPricePerMillion: '3.75' });

      expect(response.status).toBe(200);
      expect(await storedPrices(model.id)).toEqual({
        input: '1.000000000000',
        output: '3.750000000000',
      });
    });

    it('clears both prices', async () => {
      const response = await patch(model.id, {
        inputPricePerMillion: null,
        outputPricePerMillion: null,
      });

      expect(response.status).toBe(200);
      expect(response.body.inputPricePerMillion).toBeNull();
      expect(response.body.outputPricePerMillion).toBeNull();
    });

    it('rejects clearing one price', async () => {
      const response = await patch(model.id, { inputPricePerMillion: null });

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        {
          field: 'inputPricePerMillion',
          message:
            'must be set together with outputPricePerMillion; set both prices or neither',
        },
      ]);
      expect(await storedPrices(model.id)).toEqual({
        input: '1.000000000000',
        output: '2.000000000000',
      });
    });

    it('rejects a number price', async () => {
      const response = await patch(model.id, { inputPricePerMillion: 0.15 });

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        {
          field: 'inputPricePerMillion',
          message:
            'must be a JSON string such as "2.5", not a number, so that the price never passes through a float',
        },
      ]);
    });

    it('rejects a null display name', async () => {
      const response = await patch(model.id, { displayName: null });

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        {
          field: 'displayName',
          message:
            'must be a string of 1 to 200 characters without leading or trailing whitespace',
        },
      ]);
    });

    it('rejects an empty body', async () => {
      const response = await patch(model.id, {});

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        {
          field: 'body',
          message:
            'must contain at least one of name, displayName, provider, inputPricePerMillion, outputPricePerMillion, currency',
        },
      ]);
    });

    it('rejects a taken name with 409', async () => {
      const response = await patch(model.id, { name: existing.name });

      expect(response.status).toBe(409);
      expect(response.body.message).toBe(
        'A model named "mistral-small" already exists',
      );
    });

    it('returns 404 for an unknown model', async () => {
      const unknownId = '3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b';
      const response = await patch(unknownId, { displayName: 'X' });

      expect(response.status).toBe(404);
      expect(response.body.message).toBe(`Model ${unknownId} not found`);
    });

    it('rejects a malformed id with 400', async () => {
      const response = await patch('not-a-uuid', { displayName: 'X' });

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        {
          field: 'modelId',
          message:
            'must be a UUID such as 3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b',
        },
      ]);
    });

    it('forbids a member', async () => {
      const response = await patch(model.id, { displayName: 'X' }, member);

      expect(response.status).toBe(403);
    });
  });
});
